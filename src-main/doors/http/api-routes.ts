// The HTTP API, generated from the operation table: GET /api/ops lists operations,
// POST /api/ops/<name> with a JSON body runs one through dispatch().
import type { IncomingMessage, ServerResponse } from 'node:http';
import { operations } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../../engine/engine';
import { DEFAULT_BUSY_RETRY, type BusyRetryPolicy } from '../busy-retry';
import { runOp } from '../run-op';
import { readJsonBody } from './json-body';
import { HttpError, sendError, sendJson } from './respond';

export const OPS_PREFIX = '/api/ops';

/** The operation list a client (or a person with curl) can discover the API from. */
export function describeOperations() {
  // Operations that read the host's files are the CLI's alone (Operation.localFiles): not offered here.
  return Object.values(operations).filter((op) => !('localFiles' in op && op.localFiles)).map((op) => ({
    name: op.name,
    title: op.title,
    description: op.description,
    scope: op.scope,
    annotations: op.annotations,
    method: 'POST',
    path: `${OPS_PREFIX}/${op.name}`,
    ...(op.mcp ? { mcp_tool: op.mcp.tool } : {}),
  }));
}

export interface ApiOptions {
  engine: Engine;
  actor: Actor;
  bodyLimit?: number;
  /** How long a call waits for a database another process is writing (busy-retry.ts). */
  busyRetry?: BusyRetryPolicy;
}

/** Handles everything under /api/ops; `rest` is the path after the prefix ('' or '/<name>'). */
export function createOpsHandler(opts: ApiOptions) {
  return async (req: IncomingMessage, res: ServerResponse, rest: string): Promise<void> => {
    if (rest === '' || rest === '/') {
      if (req.method !== 'GET') throw new HttpError({ code: 'method_not_allowed', message: `use GET ${OPS_PREFIX}` }, { Allow: 'GET' });
      sendJson(res, 200, { ok: true, result: { operations: describeOperations() } });
      return;
    }
    let name = rest.slice(1);
    let input: unknown;
    try {
      try {
        name = decodeURIComponent(name);
      } catch {
        throw new HttpError({ code: 'invalid_input', message: 'malformed operation name in URL', field: 'operation' });
      }
      if (!Object.hasOwn(operations, name)) throw new HttpError({ code: 'not_found', message: `unknown operation '${name}'`, field: 'operation' });
      if (req.method !== 'POST') throw new HttpError({ code: 'method_not_allowed', message: `use POST ${OPS_PREFIX}/${name}` }, { Allow: 'POST' });
      input = await readJsonBody(req, opts.bodyLimit);
    } catch (err) {
      // Refused before dispatch (URL, method, body): on the record like the refusals dispatch makes.
      if (err instanceof HttpError) opts.engine.audit.append({ actor: opts.actor, action: name, params: { http_method: req.method }, outcome: 'error', detail: err.error });
      throw err;
    }
    const reply = await runOp(opts.engine, name, input, { actor: opts.actor }, opts.busyRetry);
    if (reply.ok) sendJson(res, 200, reply);
    else sendError(res, reply.error, reply.error.code === 'busy' ? { 'Retry-After': String((opts.busyRetry ?? DEFAULT_BUSY_RETRY).retryAfterS) } : {});
  };
}
