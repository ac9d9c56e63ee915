// The /api/v1 REST door: routes generated from the operations' `rest` declarations (rest-routes.ts),
// the caller's API key (the MCP keys and scopes, X-Org-Key or Bearer), and every call through dispatch
// like the other doors: scope checked, input checked naming the field, a key made with
// --require-approval held for an analyst, every call and refusal in the audit log with source `api`.
// Beside the operations: /healthz (no key), the OpenAPI document and /docs (no key: they hold no
// data), the live signal stream and the stream tokens EventSource needs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DoorError } from '@shared/contract/door-reply';
import { ENFORCEMENT_WEBHOOK_PATH } from '@shared/contract/operations/enforcement-report-decisions';
import type { Actor } from '@shared/domain/actor';
import type { AuditOutcome } from '../../../engine/audit/audit-log';
import { systemScheduler, type Scheduler } from '../../../engine/clock';
import { dispatch, dispatchOrHold, hasScope } from '../../../engine/dispatch';
import type { Engine } from '../../../engine/engine';
import { doorFault } from '../../../engine/db/store-fault';
import { UserError } from '../../../engine/errors';
import type { ApiKey } from '../../../engine/keys/key-store';
import { auditRefusalWhenFree, DEFAULT_BUSY_RETRY, withBusyRetry, type BusyRetryPolicy } from '../../busy-retry';
import { toDoorError } from '../../run-op';
import type { ConsoleServer, RouteHandler } from '../create-http-server';
import { readJsonBody } from '../json-body';
import { HttpError, sendJson } from '../respond';
import { activeKey, apiActor, authenticate, presentedKey, UNAUTHENTICATED_API } from './api-key-auth';
import { CorsPolicy } from './cors';
import { createDocsHandler, DOCS_PATH } from './docs-page';
import { serveEnforcementWebhook } from './enforcement-webhook';
import { buildOpenApi, OPENAPI_PATH } from './openapi';
import { readRestInput } from './rest-input';
import { pagingOf, withNextCursor } from './rest-paging';
import { sendRestError } from './rest-reply';
import { API_V1, RouteTable } from './rest-routes';
import { DEFAULT_STREAM_SETTINGS, openSignalStream, parseStreamRequest, SIGNAL_STREAM_PATH, type OpenStream, type StreamSettings } from './signal-stream';
import { DEFAULT_STREAM_TOKEN_TTL_S, STREAM_TOKEN_TTL_LIMITS, StreamTokens } from './stream-tokens';

const HEALTHZ_PATH = '/healthz';
const STREAM_TOKENS_PATH = '/api/v1/stream-tokens';

/** Routes the door serves itself, beside the operations' (each documented in the OpenAPI document). */
export const DOOR_ROUTES = [
  { method: 'GET', path: HEALTHZ_PATH, why: 'liveness for supervisors and load balancers, without a key' },
  { method: 'GET', path: OPENAPI_PATH, why: 'the OpenAPI 3.1 document of this API, generated from the operations' },
  { method: 'GET', path: SIGNAL_STREAM_PATH, why: 'a long-lived Server-Sent Events stream, not a request and its answer' },
  { method: 'POST', path: STREAM_TOKENS_PATH, why: 'door state: a short-lived token for EventSource, held in this process only' },
  { method: 'POST', path: ENFORCEMENT_WEBHOOK_PATH, why: 'authenticated by an enforcement endpoint\'s HMAC signature over the raw body, not an API key (enforcement-webhook.ts)' },
] as const;

export interface RestDoorOptions {
  engine: Engine;
  /** Origins allowed to call the API from a browser (cors.ts); none by default. */
  corsOrigins?: readonly string[];
  bodyLimit?: number;
  busyRetry?: BusyRetryPolicy;
  /** Runs the streams' heartbeats; the engine's scheduler in tests. */
  scheduler?: Scheduler;
  stream?: Partial<StreamSettings>;
}

export interface RestDoor {
  /** Everything under /api/v1. */
  handler: RouteHandler;
  healthz: RouteHandler;
  docs: RouteHandler;
  /** Answers a request the server's Host/Origin guard refused, in this door's error shape. */
  refuseForeign: (req: IncomingMessage, res: ServerResponse, message: string) => void;
  cors: CorsPolicy;
  routes: RouteTable;
  openStreams(): number;
  close(): void;
}

/** A refusal to answer (and record) before or outside dispatch. */
interface Refusal { action: string; actor: Actor; outcome: AuditOutcome; error: DoorError; headers?: Record<string, string> }

function createRestDoor(opts: RestDoorOptions): RestDoor {
  const { engine } = opts;
  const routes = new RouteTable();
  const cors = new CorsPolicy(opts.corsOrigins);
  const busy = opts.busyRetry ?? DEFAULT_BUSY_RETRY;
  const scheduler = opts.scheduler ?? systemScheduler;
  const settings: StreamSettings = { ...DEFAULT_STREAM_SETTINGS, ...opts.stream };
  const tokens = new StreamTokens(engine.clock);
  const streams = new Set<OpenStream>();
  let openApi: unknown;

  const refuse = (req: IncomingMessage, res: ServerResponse, pathname: string, r: Refusal): void => {
    try {
      engine.audit.append({ actor: r.actor, action: r.action, params: { http_method: req.method, path: pathname }, outcome: r.outcome, detail: { code: r.error.code, message: r.error.message, ...(r.error.field ? { field: r.error.field } : {}) } });
    } catch (err) {
      engine.log.warn('could not record a refused REST call in the audit log', { action: r.action, error: String(err) });
    }
    if (r.error.code === 'payload_too_large') req.resume();
    sendRestError(res, r.error, r.headers);
  };

  const unauthorized = (reason: string): DoorError => ({
    code: 'unauthorized', field: 'X-Org-Key',
    message: `${reason === 'missing' ? 'no API key' : `the API key is ${reason}`}: send X-Org-Key: tm_… (or Authorization: Bearer tm_…); create a key with \`threatmatic keys create\``,
  });
  const WWW_AUTH = { 'WWW-Authenticate': 'Bearer realm="threatmatic-api"' };

  /** The calling key, or null once a 401 was sent and recorded. */
  const keyOf = (req: IncomingMessage, res: ServerResponse, pathname: string): ApiKey | null => {
    const check = authenticate(engine, presentedKey(req));
    if (check.ok) return check.key;
    refuse(req, res, pathname, { action: 'api.authenticate', actor: check.actor, outcome: 'denied', error: unauthorized(check.reason), headers: WWW_AUTH });
    return null;
  };

  const runOperation = async (req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams, key: ApiKey, actor: Actor, route: ReturnType<RouteTable['match']> & { ok: true }): Promise<void> => {
    const { op } = route.route;
    let input: Record<string, unknown>;
    try {
      input = await readRestInput(req, route.route, route.params, query, opts.bodyLimit);
    } catch (err) {
      const error = err instanceof HttpError ? err.error : doorFault(err);
      if (!error) throw err;
      return refuse(req, res, pathname, { action: op.name, actor, outcome: 'error', error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }, headers: err instanceof HttpError ? err.headers : {} });
    }
    const ctx = { actor, scopes: key.scopes, auditCalls: true };
    try {
      const outcome = await withBusyRetry(() => key.require_approval
        ? dispatchOrHold(engine, op.name, input, ctx, (name, checked) => engine.approvals.hold(name, checked, actor, key))
        : { result: dispatch(engine, op.name, input, ctx) }, busy);
      if ('held' in outcome) return sendJson(res, 202, outcome.held);
      const shaped = op.output.safeParse(outcome.result);
      if (!shaped.success) throw new Error(`${op.name} returned a result its output schema refuses: ${shaped.error.message}`);
      const paging = pagingOf(op);
      const body = paging ? withNextCursor(paging, input, shaped.data as Record<string, unknown>) : shaped.data;
      sendJson(res, 200, body);
    } catch (err) {
      if (err instanceof UserError && err.code === 'busy') void auditRefusalWhenFree(engine, actor, op.name, input, err, busy);
      const error = toDoorError(err, engine, op.name);
      if (error.code === 'forbidden' && error.field === 'scope') error.message += `; this API key has: ${key.scopes.join(', ')}`;
      sendRestError(res, error, error.code === 'busy' ? { 'Retry-After': String(busy.retryAfterS) } : {});
    }
  };

  const mintStreamToken = async (req: IncomingMessage, res: ServerResponse, pathname: string, key: ApiKey, actor: Actor): Promise<void> => {
    const action = 'api.streamTokens.create';
    let ttl = DEFAULT_STREAM_TOKEN_TTL_S;
    try {
      const body = (await readJsonBody(req, opts.bodyLimit)) as Record<string, unknown>;
      const [min, max] = STREAM_TOKEN_TTL_LIMITS;
      const unknown = Object.keys(body ?? {}).find((k) => k !== 'ttl_seconds');
      if (unknown) throw new UserError('invalid_input', `${unknown}: unknown field; the body takes ttl_seconds`, unknown);
      if (body.ttl_seconds !== undefined) {
        if (!Number.isInteger(body.ttl_seconds) || (body.ttl_seconds as number) < min || (body.ttl_seconds as number) > max) throw new UserError('invalid_input', `ttl_seconds: must be a whole number of seconds from ${min} to ${max}`, 'ttl_seconds');
        ttl = body.ttl_seconds as number;
      }
      if (!hasScope(key.scopes, 'read')) throw new UserError('forbidden', `a stream token needs scope 'read'; this API key has: ${key.scopes.join(', ')}`, 'scope');
    } catch (err) {
      const error = err instanceof HttpError ? err.error : doorFault(err);
      if (!error) throw err;
      return refuse(req, res, pathname, { action, actor, outcome: error.code === 'forbidden' ? 'denied' : 'error', error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } });
    }
    const minted = tokens.mint(key.key_id, ttl);
    const expires_at = new Date(minted.expiresAt).toISOString();
    engine.audit.append({ actor, action, params: { ttl_seconds: ttl }, outcome: 'ok', detail: { expires_at } });
    sendJson(res, 201, { token: minted.token, expires_at, purpose: 'signals.stream', stream_url: `${SIGNAL_STREAM_PATH}?token=${minted.token}` });
  };

  const stream = (req: IncomingMessage, res: ServerResponse, pathname: string, query: URLSearchParams): void => {
    const action = 'api.signals.stream';
    const token = query.get('token');
    let key: ApiKey | null;
    if (token !== null && presentedKey(req) === null) {
      const keyId = tokens.check(token);
      key = keyId ? activeKey(engine, keyId) : null;
      if (!key) {
        return refuse(req, res, pathname, { action: 'api.authenticate', actor: keyId ? apiActor({ key_id: keyId }) : UNAUTHENTICATED_API, outcome: 'denied', headers: WWW_AUTH, error: { code: 'unauthorized', field: 'token', message: keyId ? 'the stream token\'s API key was revoked' : 'the stream token is unknown or expired: mint a new one with POST /api/v1/stream-tokens' } });
      }
    } else {
      key = keyOf(req, res, pathname);
      if (!key) return;
    }
    const actor = apiActor(key);
    const keyId = key.key_id;
    let request;
    try {
      if (!hasScope(key.scopes, 'read')) throw new UserError('forbidden', `the signal stream needs scope 'read'; this API key has: ${key.scopes.join(', ')}`, 'scope');
      request = parseStreamRequest(req, query);
    } catch (err) {
      const user = doorFault(err);
      if (!user) throw err;
      return refuse(req, res, pathname, { action, actor, outcome: user.code === 'forbidden' ? 'denied' : 'error', error: { code: user.code, message: user.message, ...(user.field ? { field: user.field } : {}) } });
    }
    const open = [...streams].filter((s) => s.keyId === keyId).length;
    if (open >= settings.maxPerKey) {
      return refuse(req, res, pathname, { action, actor, outcome: 'denied', headers: { 'Retry-After': '5' }, error: { code: 'too_many_requests', message: `this API key already has ${open} open signal streams, the cap; close one first` } });
    }
    engine.audit.append({ actor, action, params: { ...request.filter, ...(request.after !== null ? { last_event_id: request.after } : {}), via: token !== null ? 'stream_token' : 'key' }, outcome: 'ok' });
    const handle = openSignalStream(engine, scheduler, settings, req, res, request, { actor, keyId, allowed: () => activeKey(engine, keyId) !== null }, () => streams.delete(handle));
    streams.add(handle);
  };

  const handler: RouteHandler = async (req, res, rest) => {
    cors.apply(req, res);
    const url = new URL(req.url ?? '/', 'http://api.invalid');
    const pathname = API_V1 + rest;
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined && cors.allows(req.headers.origin)) return cors.preflight(req, res);
    if (pathname === OPENAPI_PATH && req.method === 'GET') {
      openApi ??= buildOpenApi(routes);
      return sendJson(res, 200, openApi, { 'Cache-Control': 'no-cache' });
    }
    if (pathname === SIGNAL_STREAM_PATH && req.method === 'GET') return stream(req, res, pathname, url.searchParams);
    if (pathname === ENFORCEMENT_WEBHOOK_PATH && req.method === 'POST') return serveEnforcementWebhook({ engine, bodyLimit: opts.bodyLimit, busy }, req, res, pathname);
    const key = keyOf(req, res, pathname);
    if (!key) return;
    const actor = apiActor(key);
    if (pathname === STREAM_TOKENS_PATH && req.method === 'POST') return mintStreamToken(req, res, pathname, key, actor);
    const match = routes.match(req.method ?? 'GET', pathname);
    if (!match.ok) {
      if (match.reason === 'method_not_allowed') {
        return refuse(req, res, pathname, { action: 'api.request', actor, outcome: 'error', headers: { Allow: match.allow.join(', ') }, error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${pathname}; use ${match.allow.join(' or ')}` } });
      }
      return refuse(req, res, pathname, { action: 'api.request', actor, outcome: 'error', error: { code: 'not_found', message: `no API route ${req.method} ${pathname}; GET ${OPENAPI_PATH} lists them (or open /docs)` } });
    }
    await runOperation(req, res, pathname, url.searchParams, key, actor, match);
  };

  const healthz: RouteHandler = (req, res, rest) => {
    if (rest !== '' || (req.method !== 'GET' && req.method !== 'HEAD')) return sendRestError(res, { code: rest !== '' ? 'not_found' : 'method_not_allowed', message: `use GET ${HEALTHZ_PATH}` });
    let ok = engine.db.open;
    try {
      if (ok) engine.events.head();
    } catch {
      ok = false;
    }
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable' });
  };

  return {
    handler,
    healthz,
    docs: createDocsHandler(),
    refuseForeign: (req, res, message) => {
      // Not audited: a request from a foreign page carries no credential we could attribute it to.
      sendRestError(res, { code: 'forbidden', message });
    },
    cors,
    routes,
    openStreams: () => streams.size,
    close: () => {
      for (const s of [...streams]) s.close();
    },
  };
}

/** Serves the REST door on a console server: /api/v1, /healthz and /docs, each with its own authentication. */
export function mountRestDoor(server: ConsoleServer, opts: RestDoorOptions): RestDoor {
  const door = createRestDoor(opts);
  const allowOrigin = (origin: string) => door.cors.allows(origin);
  server.mount(API_V1, door.handler, { auth: 'own', refuse: door.refuseForeign, allowOrigin });
  server.mount(HEALTHZ_PATH, door.healthz, { auth: 'own', refuse: door.refuseForeign });
  server.mount(DOCS_PATH, door.docs, { auth: 'own' });
  return door;
}
