// POST /api/v1/enforcement/webhook (the AI posture spec's enforcement layer): an external enforcement point (an
// agent gateway, an MCP proxy) reports the decisions it made on agents' tool calls. It is one of the enforcement
// endpoints registered with `threatmatic enforcement add-endpoint`, and signs with that endpoint's secret exactly
// as Threatmatic signs what it sends there: X-Threatmatic-Endpoint names the endpoint, X-Threatmatic-Signature is
// sha256=HMAC(secret, "<X-Threatmatic-Timestamp>.<raw body>"), and a timestamp more than 5 minutes off is refused.
// A good signature lets the report through dispatch (as enforcement.reportDecisions, audited under the
// endpoint); a bad or missing one is refused 401 and audited, and nothing is recorded. The same signed request
// is recorded once: a replay inside its 5-minute window is refused 409 (conflict) and audited, in any process,
// since the accepted signatures are kept in the database (enforcement/webhook-replay-store.ts) until their
// window has passed; after it, the timestamp check refuses the request as stale.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DoorError } from '@shared/contract/door-reply';
import type { Actor } from '@shared/domain/actor';
import { dispatch } from '../../../engine/dispatch';
import type { Engine } from '../../../engine/engine';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../../engine/enforcement/signing';
import { withBusyRetry, type BusyRetryPolicy } from '../../busy-retry';
import { toDoorError } from '../../run-op';
import { parseJsonBody, readBodyText } from '../json-body';
import { HttpError, sendJson } from '../respond';
import { sendRestError } from './rest-reply';

const ENDPOINT_HEADER = 'x-threatmatic-endpoint';
const OP = 'enforcement.reportDecisions';
const header = (req: IncomingMessage, name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);

export interface WebhookOptions { engine: Engine; bodyLimit?: number; busy: BusyRetryPolicy }

export async function serveEnforcementWebhook(opts: WebhookOptions, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const { engine } = opts;
  const endpointId = header(req, ENDPOINT_HEADER)?.trim() ?? '';
  const actor: Actor = { type: 'api', id: endpointId || 'unauthenticated', name: 'enforcement webhook' };
  const refuse = (error: DoorError, outcome: 'denied' | 'error') => {
    try {
      engine.audit.append({ actor, action: OP, params: { http_method: req.method, path: pathname }, outcome, detail: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } });
    } catch (err) {
      engine.log.warn('could not record a refused enforcement webhook in the audit log', { error: String(err) });
    }
    if (error.code === 'payload_too_large') req.resume();
    sendRestError(res, error, error.code === 'unauthorized' ? { 'WWW-Authenticate': 'HMAC realm="threatmatic-enforcement"' } : {});
  };
  let raw: string;
  try {
    raw = await readBodyText(req, opts.bodyLimit);
  } catch (err) {
    if (err instanceof HttpError) return refuse(err.error, 'error');
    throw err;
  }
  let secret: string | undefined;
  try {
    secret = endpointId ? engine.enforcement.endpoints.secretOf(endpointId) : undefined;
  } catch (err) {
    engine.log.warn('enforcement webhook: the endpoint secret cannot be opened', { endpoint_id: endpointId, error: String(err) });
  }
  const signed = secret !== undefined && verifySignature(secret, { signature: header(req, SIGNATURE_HEADER), timestamp: header(req, TIMESTAMP_HEADER) }, raw, Math.floor(engine.clock.now() / 1000));
  if (!signed) {
    return refuse({
      code: 'unauthorized', field: endpointId ? 'X-Threatmatic-Signature' : 'X-Threatmatic-Endpoint',
      message: endpointId
        ? 'the signature does not verify: sign "<X-Threatmatic-Timestamp>.<raw body>" with HMAC-SHA256 and the endpoint\'s secret (sha256=<hex>), with a timestamp within 5 minutes'
        : 'name the enforcement endpoint whose secret signs this request in X-Threatmatic-Endpoint (threatmatic enforcement list)',
    }, 'denied');
  }
  let body: unknown;
  try {
    body = parseJsonBody(req, raw);
  } catch (err) {
    if (err instanceof HttpError) return refuse(err.error, 'error');
    throw err;
  }
  const decisions = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).decisions : undefined;
  try {
    // The signature stands for the endpoint: it may record decisions, and nothing else.
    // The checked signature goes along: the engine records it with the decisions, and refuses a replay (409).
    const signedBy = { signature: header(req, SIGNATURE_HEADER)!, timestamp: Number(header(req, TIMESTAMP_HEADER)) };
    const result = await withBusyRetry(() => dispatch(engine, OP, { endpoint_id: endpointId, decisions, signed: signedBy }, { actor, scopes: ['admin'], auditCalls: true }), opts.busy);
    sendJson(res, 200, result);
  } catch (err) {
    // dispatch recorded the refusal; an internal fault goes to the local log, never to the caller.
    const error = toDoorError(err, engine, OP);
    sendRestError(res, error, error.code === 'busy' ? { 'Retry-After': String(opts.busy.retryAfterS) } : {});
  }
}
