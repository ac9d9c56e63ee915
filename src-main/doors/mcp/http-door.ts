// The MCP door over Streamable HTTP, mounted at /mcp on the console's HTTP server: a Bearer API key on
// every request (so a revoked key is refused on its next request), Host and Origin allowlists
// (DNS-rebinding protection, on top of the server's own guard), and one MCP server + transport per
// session, within per-key and global session caps (session-limits.ts), closed when the client deletes
// it, when idle too long, or when the door closes. Each session keeps its recent SSE messages with
// event ids (event-store.ts) so a client resumes a dropped stream with Last-Event-ID. Every refusal is
// answered as a JSON-RPC error and recorded in the audit log under the key that made it, when known.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, isInitializeRequest, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Actor } from '@shared/domain/actor';
import type { AuditOutcome } from '../../engine/audit/audit-log';
import type { Engine } from '../../engine/engine';
import type { ApiKey } from '../../engine/keys/key-store';
import type { RouteHandler } from '../http/create-http-server';
import { readJsonBody } from '../http/json-body';
import { HttpError } from '../http/respond';
import { createMcpServer } from './create-mcp-server';
import { BoundedEventStore, type EventStoreLimits } from './event-store';
import { invalidParams, ParamsCheckedTransport, REFUSED } from './params-check';
import { admit, DEFAULT_ABANDONED_AFTER_MS, DEFAULT_SESSION_LIMITS, isIdle, SESSION_LIMIT_ENV, type SessionLimits, type SessionUse } from './session-limits';

export const MCP_PATH = '/mcp';
/** The SSE `retry` (ms) sent with each stream's first event: how soon a client reconnects after a drop. */
export const DEFAULT_RETRY_MS = 1000;

export interface McpHttpOptions extends Partial<SessionLimits> {
  /** Unused this long, a session may give its place to a new one at a cap (default 10 s). */
  abandonedAfterMs?: number;
  engine: Engine;
  /** Host header values (host:port) this server answers to; read when a session starts, after listen(). */
  allowedHosts: () => Iterable<string>;
  /** What each session keeps for resumption (default 200 messages, 256 KiB). */
  events?: EventStoreLimits;
  retryMs?: number;
  bodyLimit?: number;
}

export interface McpSessionInfo { session_id: string; key_id: string; busy: number; streams: number; idle_ms: number }

export interface McpHttpDoor {
  handler: RouteHandler;
  /** Answers (and audits, when the request carries a known key) a request the Host/Origin guard refused. */
  refuseForeign: (req: IncomingMessage, res: ServerResponse, message: string) => void;
  sessionCount(keyId?: string): number;
  sessions(): McpSessionInfo[];
  close(): Promise<void>;
}

interface Session extends SessionUse {
  id: string;
  server: Server;
  transport: StreamableHTTPServerTransport;
  events: BoundedEventStore;
  /** The SDK transport's last complaint, to say why it refused a request. */
  lastError?: string;
}

/** A refusal: the HTTP status, the JSON-RPC error, and what the audit entry says. */
interface Refusal {
  status: number;
  code: number;
  message: string;
  action: string;
  outcome: AuditOutcome;
  actor: Actor;
  id?: string | number | null;
  headers?: Record<string, string>;
  detail?: Record<string, unknown>;
}

const UNAUTHENTICATED: Actor = { type: 'mcp_agent', id: 'unauthenticated' };
const SESSION_NOT_FOUND = -32001;

function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

const requestId = (body: unknown): string | number | null => {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
};

export function createMcpHttpDoor(opts: McpHttpOptions): McpHttpDoor {
  const { engine } = opts;
  const limits: SessionLimits = {
    maxSessions: opts.maxSessions ?? DEFAULT_SESSION_LIMITS.maxSessions,
    maxSessionsPerKey: opts.maxSessionsPerKey ?? Math.min(DEFAULT_SESSION_LIMITS.maxSessionsPerKey, opts.maxSessions ?? Infinity),
    idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_SESSION_LIMITS.idleTimeoutMs,
  };
  const now = () => engine.clock.now();
  const sessions = new Map<string, Session>();
  // Sessions admitted but not yet initialized hold their place (as in use), so concurrent initializes
  // cannot pass a cap together.
  const opening = new Set<SessionUse>();

  // On the engine's scheduler, so idle expiry follows the engine's clock (a ManualClock in tests).
  const sweeper = engine.scheduler.every(Math.min(60_000, Math.max(1000, limits.idleTimeoutMs / 2)), () => {
    for (const s of sessions.values()) if (isIdle(s, now(), limits)) void s.server.close();
  });

  const refuse = (req: IncomingMessage, res: ServerResponse, r: Refusal): void => {
    engine.audit.append({
      actor: r.actor, action: r.action, outcome: r.outcome,
      params: { http_method: req.method, ...(typeof req.headers['mcp-session-id'] === 'string' ? { session_id: req.headers['mcp-session-id'] } : {}) },
      detail: { status: r.status, code: r.code, message: r.message, ...r.detail },
    });
    res.writeHead(r.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...r.headers });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: r.code, message: r.message }, id: r.id ?? null }));
  };

  const actorOf = (key: ApiKey, session: Session | undefined): Actor => {
    const name = session?.keyId === key.key_id ? session.server.getClientVersion()?.name : undefined;
    return { type: 'mcp_agent', id: key.key_id, ...(name ? { name } : {}) };
  };

  /** The request body as a JSON-RPC message, or undefined once a refusal was sent (-32700, -32600, 413, 415). */
  const readMessage = async (req: IncomingMessage, res: ServerResponse, actor: Actor): Promise<unknown> => {
    let body: unknown;
    try {
      body = await readJsonBody(req, opts.bodyLimit);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      const parse = err.error.code === 'invalid_input';
      if (err.error.code === 'payload_too_large') req.resume();
      refuse(req, res, {
        status: parse ? 400 : err.error.code === 'payload_too_large' ? 413 : 415, code: parse ? ErrorCode.ParseError : REFUSED,
        message: parse ? `Parse error: ${err.error.message}` : err.error.message, action: 'mcp.request', outcome: 'error', actor, headers: err.headers,
      });
      return undefined;
    }
    const valid = Array.isArray(body) ? body.length > 0 && body.every((m) => JSONRPCMessageSchema.safeParse(m).success) : JSONRPCMessageSchema.safeParse(body).success;
    if (valid) return body;
    refuse(req, res, {
      status: 400, code: ErrorCode.InvalidRequest, id: requestId(body), action: 'mcp.request', outcome: 'error', actor,
      message: 'Invalid Request: the body must be a JSON-RPC 2.0 message (or a non-empty array of them): "jsonrpc": "2.0" with a string "method" and, for a request, an "id" that is a string or number',
    });
    return undefined;
  };

  // A POST in progress (a subscribe_events call can take minutes) keeps its session alive; the client's
  // standing GET stream keeps it from being taken at a cap, but does not count as use for the idle limit.
  const serve = async (session: Session, req: IncomingMessage, res: ServerResponse, body: unknown, actor: Actor) => {
    const post = req.method === 'POST';
    const lastEventId = req.headers['last-event-id'];
    if (req.method === 'GET' && typeof lastEventId === 'string' && !session.events.holds(lastEventId)) {
      return refuse(req, res, {
        status: 400, code: REFUSED, action: 'mcp.request', outcome: 'error', actor, detail: { last_event_id: lastEventId },
        message: `cannot resume after event '${lastEventId}': this session no longer holds it (it keeps its most recent messages); repeat the request`,
      });
    }
    if (post) session.busy++;
    if (req.method === 'GET') {
      session.streams++;
      res.once('close', () => {
        session.streams--;
        session.lastSeen = now();
      });
    }
    session.lastSeen = now();
    session.lastError = undefined;
    try {
      await session.transport.handleRequest(req, res, body);
      // Refusals the SDK transport makes itself (Accept, Content-Type, protocol version, a second stream…).
      if (res.statusCode >= 400) {
        engine.audit.append({ actor, action: 'mcp.request', params: { http_method: req.method, session_id: session.id }, outcome: 'error', detail: { status: res.statusCode, message: session.lastError ?? 'refused by the MCP transport' } });
      }
    } finally {
      if (post) session.busy--;
      session.lastSeen = now();
    }
  };

  const open = async (key: ApiKey, req: IncomingMessage, res: ServerResponse, body: unknown, actor: Actor) => {
    const admission = admit(sessions.values(), key.key_id, limits, { now: now(), abandonedAfterMs: opts.abandonedAfterMs ?? DEFAULT_ABANDONED_AFTER_MS, reserved: opening });
    if (!admission.ok) {
      const perKey = admission.cap === 'maxSessionsPerKey';
      const held = perKey ? `this API key already has ${admission.limit} open MCP sessions, the per-key cap` : `${admission.limit} MCP sessions are open, the server's cap`;
      return refuse(req, res, {
        status: perKey ? 429 : 503, code: REFUSED, id: requestId(body), action: 'mcp.session.open', outcome: 'denied', actor, headers: { 'Retry-After': '5' },
        detail: { cap: admission.cap, limit: admission.limit },
        message: `${held} (${admission.cap} = ${admission.limit}, set by ${SESSION_LIMIT_ENV[admission.cap].name}), and every one is in use (a request in flight, a stream open, or used in the last seconds): close one (DELETE ${MCP_PATH}) or retry later`,
      });
    }
    if (admission.evict) {
      const old = admission.evict;
      engine.audit.append({ actor, action: 'mcp.session.evict', params: { session_id: old.id }, outcome: 'ok', detail: { key_id: old.keyId, idle_ms: now() - old.lastSeen, reason: 'a new session needed its place; it had no request in flight and no open stream' } });
      await old.server.close();
    }

    const place: SessionUse = { keyId: key.key_id, lastSeen: now(), busy: 1, streams: 0 };
    opening.add(place);
    const hosts = [...opts.allowedHosts()];
    const server = createMcpServer(engine, key.key_id);
    const events = new BoundedEventStore(opts.events);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: hosts,
      allowedOrigins: hosts.map((h) => `http://${h}`),
      eventStore: events,
      retryInterval: opts.retryMs ?? DEFAULT_RETRY_MS,
      // Called during the initialize request below, when `session` exists.
      onsessioninitialized: (id) => {
        session.id = id;
        sessions.set(id, session);
        opening.delete(place);
      },
    });
    const session: Session = { id: '', keyId: key.key_id, server, transport, events, lastSeen: now(), busy: 0, streams: 0 };
    // Set before connect(): the server chains its own close and error handling after ours.
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    transport.onerror = (err) => {
      session.lastError = err.message;
    };
    try {
      await server.connect(new ParamsCheckedTransport(transport));
      await serve(session, req, res, body, actor);
    } finally {
      opening.delete(place);
    }
  };

  const handler: RouteHandler = async (req, res, rest) => {
    const presented = bearerToken(req);
    const key = engine.keys.authenticate(presented);
    const sessionId = req.headers['mcp-session-id'];
    const session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (!key) {
      const known = engine.keys.identify(presented);
      engine.log.warn('mcp http request refused: missing, unknown or revoked API key', { remote: req.socket.remoteAddress, key_id: known?.key_id });
      return refuse(req, res, {
        status: 401, code: REFUSED, action: 'mcp.authenticate', outcome: 'denied', actor: known ? actorOf(known, session) : UNAUTHENTICATED, headers: { 'WWW-Authenticate': 'Bearer realm="threatmatic-mcp"' },
        detail: { reason: !presented ? 'missing' : known?.revoked_at ? `revoked at ${known.revoked_at}` : 'unknown', remote: req.socket.remoteAddress },
        message: 'missing, unknown or revoked API key: send Authorization: Bearer tm_… (create one with `threatmatic keys create`)',
      });
    }
    const actor = actorOf(key, session);
    if (rest !== '' && rest !== '/') return refuse(req, res, { status: 404, code: SESSION_NOT_FOUND, action: 'mcp.request', outcome: 'error', actor, message: `no MCP endpoint at ${MCP_PATH}${rest}; use ${MCP_PATH}` });
    if (typeof sessionId === 'string') {
      if (!session) return refuse(req, res, { status: 404, code: SESSION_NOT_FOUND, action: 'mcp.session', outcome: 'error', actor, message: 'Session not found: it was closed or timed out; initialize a new one' });
      if (session.keyId !== key.key_id) return refuse(req, res, { status: 403, code: REFUSED, action: 'mcp.session', outcome: 'denied', actor, detail: { owner_key_id: session.keyId }, message: 'this session belongs to another API key' });
      const body = req.method === 'POST' ? await readMessage(req, res, actor) : undefined;
      if (req.method === 'POST' && body === undefined) return;
      return serve(session, req, res, body, actor);
    }
    if (req.method !== 'POST') return refuse(req, res, { status: 400, code: REFUSED, action: 'mcp.session', outcome: 'error', actor, message: 'Mcp-Session-Id header is required; start a session with an initialize POST' });
    const body = await readMessage(req, res, actor);
    if (body === undefined) return;
    if (!isInitializeRequest(body)) {
      const method = (body as { method?: unknown }).method;
      const badParams = method === 'initialize' ? invalidParams(body as Parameters<typeof invalidParams>[0]) : null;
      if (badParams) return refuse(req, res, { status: 400, code: badParams.error.code, id: requestId(body), action: 'mcp.session.open', outcome: 'error', actor, message: badParams.error.message });
      return refuse(req, res, { status: 400, code: REFUSED, id: requestId(body), action: 'mcp.session', outcome: 'error', actor, message: 'no session: the first request must be initialize (and later ones carry Mcp-Session-Id)' });
    }
    await open(key, req, res, body, actor);
  };

  const refuseForeign = (req: IncomingMessage, res: ServerResponse, message: string) => {
    const key = engine.keys.identify(bearerToken(req));
    const r = { status: 403, code: REFUSED, message, action: 'mcp.origin', outcome: 'denied' as const, actor: UNAUTHENTICATED, detail: { host: req.headers.host, origin: req.headers.origin } };
    // Only a request that names a key is recorded: anything else could fill the log from any web page.
    if (key) return refuse(req, res, { ...r, actor: actorOf(key, undefined) });
    res.writeHead(403, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: REFUSED, message }, id: null }));
  };

  return {
    handler,
    refuseForeign,
    sessionCount: (keyId) => (keyId === undefined ? sessions.size : [...sessions.values()].filter((s) => s.keyId === keyId).length),
    sessions: () => [...sessions.values()].map((s) => ({ session_id: s.id, key_id: s.keyId, busy: s.busy, streams: s.streams, idle_ms: now() - s.lastSeen })),
    close: async () => {
      sweeper.cancel();
      await Promise.all([...sessions.values()].map((s) => s.server.close()));
      sessions.clear();
    },
  };
}
