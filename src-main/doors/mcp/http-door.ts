// The MCP door over Streamable HTTP, mounted at /mcp on the console's HTTP server: a Bearer API key on
// every request (so a revoked key is refused on its next request), Host and Origin allowlists
// (DNS-rebinding protection, on top of the server's own guard), and one MCP server + transport per
// session, closed when the client deletes it, when idle too long, or when the door closes.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Engine } from '../../engine/engine';
import { keyStore } from '../../engine/keys/key-store';
import type { RouteHandler } from '../http/create-http-server';
import { readJsonBody } from '../http/json-body';
import { createMcpServer } from './create-mcp-server';

export const MCP_PATH = '/mcp';

export interface McpHttpOptions {
  engine: Engine;
  /** Host header values (host:port) this server answers to; read when a session starts, after listen(). */
  allowedHosts: () => Iterable<string>;
  /** A session unused this long is closed (default 30 minutes). */
  idleTimeoutMs?: number;
  /** Sessions open at once (default 256); more are refused with 503 until one closes. */
  maxSessions?: number;
  bodyLimit?: number;
}

export interface McpHttpDoor {
  handler: RouteHandler;
  sessionCount(): number;
  close(): Promise<void>;
}

interface Session { keyId: string; server: Server; transport: StreamableHTTPServerTransport; lastSeen: number; busy: number }

function rpcError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: status === 404 ? -32001 : -32000, message }, id: null });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

export function createMcpHttpDoor(opts: McpHttpOptions): McpHttpDoor {
  const { engine } = opts;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 30 * 60_000;
  const maxSessions = opts.maxSessions ?? 256;
  const sessions = new Map<string, Session>();

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const s of sessions.values()) if (s.busy === 0 && now - s.lastSeen > idleTimeoutMs) void s.server.close();
  }, Math.min(60_000, Math.max(1000, idleTimeoutMs / 2)));
  sweeper.unref();

  // A POST in progress (a subscribe_events call can take minutes) keeps its session alive; the client's
  // standing GET stream for server messages does not count as use.
  const serve = async (session: Session, req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const counts = req.method === 'POST';
    if (counts) session.busy++;
    session.lastSeen = Date.now();
    try {
      await session.transport.handleRequest(req, res, body);
    } finally {
      if (counts) session.busy--;
      session.lastSeen = Date.now();
    }
  };

  const handler: RouteHandler = async (req, res, rest) => {
    if (rest !== '' && rest !== '/') return rpcError(res, 404, `no MCP endpoint at ${MCP_PATH}${rest}; use ${MCP_PATH}`);
    const key = keyStore(engine).authenticate(bearerToken(req));
    if (!key) {
      engine.log.warn('mcp http request refused: missing, unknown or revoked API key', { remote: req.socket.remoteAddress });
      return rpcError(res, 401, 'missing, unknown or revoked API key: send Authorization: Bearer tm_… (create one with `threatmatic keys create`)', { 'WWW-Authenticate': 'Bearer realm="threatmatic-mcp"' });
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) return rpcError(res, 404, 'Session not found: it was closed or timed out; initialize a new one');
      if (session.keyId !== key.key_id) return rpcError(res, 403, 'this session belongs to another API key');
      const body = req.method === 'POST' ? await readJsonBody(req, opts.bodyLimit) : undefined;
      return serve(session, req, res, body);
    }
    if (req.method !== 'POST') return rpcError(res, 400, 'Mcp-Session-Id header is required; start a session with an initialize POST');
    const body = await readJsonBody(req, opts.bodyLimit);
    if (!isInitializeRequest(body)) return rpcError(res, 400, 'no session: the first request must be initialize (and later ones carry Mcp-Session-Id)');
    if (sessions.size >= maxSessions) return rpcError(res, 503, `too many open MCP sessions (${maxSessions}); close one (DELETE ${MCP_PATH}) or wait for an idle one to time out`, { 'Retry-After': '5' });

    const hosts = [...opts.allowedHosts()];
    const server = createMcpServer(engine, key.key_id);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: hosts,
      allowedOrigins: hosts.map((h) => `http://${h}`),
      // Called during the initialize request below, when `session` exists.
      onsessioninitialized: (id) => void sessions.set(id, session),
    });
    // Set before connect(): the server chains its own close handling after ours.
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    const session: Session = { keyId: key.key_id, server, transport, lastSeen: Date.now(), busy: 0 };
    await server.connect(transport);
    await serve(session, req, res, body);
  };

  return {
    handler,
    sessionCount: () => sessions.size,
    close: async () => {
      clearInterval(sweeper);
      await Promise.all([...sessions.values()].map((s) => s.server.close()));
      sessions.clear();
    },
  };
}
