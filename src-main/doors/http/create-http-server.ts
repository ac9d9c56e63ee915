// The serve-mode HTTP server: host/origin guards, the console token, a route table other doors
// (the MCP Streamable HTTP endpoint) can mount on, the operation API, and the renderer's files.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '@shared/domain/actor';
import { auditRefusal } from '../../engine/dispatch';
import type { Engine } from '../../engine/engine';
import { UserError } from '../../engine/errors';
import type { BusyRetryPolicy } from '../busy-retry';
import { createOpsHandler, OPS_PREFIX } from './api-routes';
import { bearerMatches } from './console-token';
import { CONSOLE_STREAM_PATH, createConsoleStream } from './console-stream';
import { allowedHosts, checkHost, checkOrigin } from './host-guard';
import { HttpError, sendError } from './respond';
import { setSecurityHeaders } from './security-headers';
import { createStaticHandler } from './static-files';

/** Handles a request under a mounted prefix; `rest` is the path after the prefix. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, rest: string) => void | Promise<void>;

interface MountOptions {
  /** 'console' (default): the console bearer token is required. 'own': the handler authenticates (e.g. MCP API keys). */
  auth?: 'console' | 'own';
  /** Answers a request under this prefix that the Host/Origin guard refused, in the mount's own error shape (and audit). */
  refuse?: (req: IncomingMessage, res: ServerResponse, message: string) => void;
  /** A foreign Origin this mount accepts (the REST door's CORS allowlist); the Host check still applies. */
  allowOrigin?: (origin: string) => boolean;
}

interface Mount { prefix: string; handler: RouteHandler; auth: 'console' | 'own'; refuse?: MountOptions['refuse']; allowOrigin?: MountOptions['allowOrigin'] }

export interface ConsoleServerOptions {
  engine: Engine;
  token: string;
  /** Interface to bind; 127.0.0.1 unless the user chose another. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer folder, or null when it is not built (the UI then answers 503 with how to build it). */
  rendererDir: string | null;
  actor?: Actor;
  bodyLimit?: number;
  /** How long an operation waits for a database another process is writing; the default suits people. */
  busyRetry?: BusyRetryPolicy;
}

export interface ConsoleServer {
  readonly server: Server;
  /** Adds a route prefix (e.g. '/mcp'); the longest matching prefix wins. */
  mount(prefix: string, handler: RouteHandler, opts?: MountOptions): void;
  listen(): Promise<{ host: string; port: number; url: string }>;
  close(): Promise<void>;
}

export const CONSOLE_ACTOR: Actor = { type: 'analyst', id: 'console' };

/** The URL a person opens: the token rides in the fragment, which browsers never send to the server. */
function consoleUrl(host: string, port: number, token: string): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}/#token=${encodeURIComponent(token)}`;
}

function matches(pathname: string, prefix: string): string | null {
  if (pathname === prefix) return '';
  return pathname.startsWith(prefix + '/') ? pathname.slice(prefix.length) : null;
}

/** Who a request without the console token is recorded as. */
const UNAUTHENTICATED: Actor = { type: 'analyst', id: 'unauthenticated' };

export function createConsoleServer(opts: ConsoleServerOptions): ConsoleServer {
  const host = opts.host ?? '127.0.0.1';
  const mounts: Mount[] = [];
  const serveStatic = createStaticHandler(opts.rendererDir);
  let allowed = new Set<string>();

  const mount = (prefix: string, handler: RouteHandler, mo: MountOptions = {}) => {
    if (!/^\/[A-Za-z0-9/_-]*[^/]$/.test(prefix)) throw new Error(`mount prefix must look like '/name', got '${prefix}'`);
    mounts.push({ prefix, handler, auth: mo.auth ?? 'console', refuse: mo.refuse, allowOrigin: mo.allowOrigin });
    mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  };
  mount(OPS_PREFIX, createOpsHandler({ engine: opts.engine, actor: opts.actor ?? CONSOLE_ACTOR, bodyLimit: opts.bodyLimit, busyRetry: opts.busyRetry }));
  const live = createConsoleStream(opts.engine, opts.actor ?? CONSOLE_ACTOR);
  mount(CONSOLE_STREAM_PATH, live.handler);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    const pathname = new URL(req.url ?? '/', 'http://console.invalid').pathname;
    const hostCheck = checkHost(req, allowed);
    const mounted = mounts.find((m) => matches(pathname, m.prefix) !== null);
    const origin = req.headers.origin;
    const guard = !hostCheck.ok ? hostCheck : origin !== undefined && mounted?.allowOrigin?.(origin) ? hostCheck : checkOrigin(req, allowed);
    if (!guard.ok) {
      const refuse = mounted?.refuse;
      if (refuse) return refuse(req, res, guard.message);
      throw new HttpError({ code: 'forbidden', message: guard.message });
    }
    for (const m of mounts) {
      const rest = matches(pathname, m.prefix);
      if (rest === null) continue;
      if (m.auth === 'console' && !bearerMatches(req, opts.token)) {
        // On the record like every refusal (Host/Origin refusals above carry no credential and are not).
        auditRefusal(opts.engine, UNAUTHENTICATED, 'console.authenticate', { http_method: req.method, path: pathname }, new UserError('forbidden', 'missing or wrong console token', 'token'));
        throw new HttpError({ code: 'unauthorized', message: 'missing or wrong console token: open the URL `threatmatic serve` printed' }, { 'WWW-Authenticate': 'Bearer realm="threatmatic"' });
      }
      await m.handler(req, res, rest);
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) throw new HttpError({ code: 'not_found', message: `no API route ${pathname}` });
    serveStatic(req, res, pathname);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        // Let an oversized upload finish arriving (discarded) so the client can read our 413.
        if (err.error.code === 'payload_too_large') req.resume();
        sendError(res, err.error, err.headers);
        return;
      }
      opts.engine.log.error('http request failed', { url: req.url, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      sendError(res, { code: 'internal', message: 'the request failed unexpectedly; see the console log' });
    });
  });
  // Slow-loris and idle connections should not pin the process.
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  return {
    server,
    mount,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, host, () => {
          server.off('error', reject);
          const port = (server.address() as AddressInfo).port;
          allowed = allowedHosts(host, port);
          resolve({ host, port, url: consoleUrl(host, port, opts.token) });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        live.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
