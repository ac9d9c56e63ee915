// CORS for /api/v1: closed unless the user names an origin (`threatmatic serve --cors-origin
// chrome-extension://ID`, or THREATMATIC_CORS_ORIGINS, comma-separated), e.g. the browser extension.
// A named origin passes the server's Origin guard for the API only, and its preflights are answered;
// any other foreign origin is still refused by that guard.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORS_ENV = 'THREATMATIC_CORS_ORIGINS';
const ALLOWED_HEADERS = 'X-Org-Key, Authorization, Content-Type, Last-Event-ID';
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';

/** Checks and normalises origins as a browser sends them (scheme://host[:port], no path). */
export function parseCorsOrigins(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    if (raw === '*') throw new Error("a CORS origin must be named: '*' would let any web page call the API with a key it holds");
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`'${raw}' is not an origin (scheme://host[:port]), e.g. chrome-extension://abcdefghijklmnopabcdefghijklmnop`);
    }
    const origin = url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`;
    if (url.pathname.replace(/\/$/, '') !== '' || url.search || url.hash || `${origin}` !== raw.replace(/\/$/, '')) {
      throw new Error(`'${raw}' is not an origin: give scheme://host[:port] only, e.g. ${origin}`);
    }
    out.push(origin);
  }
  return [...new Set(out)];
}

export class CorsPolicy {
  private readonly origins: Set<string>;

  constructor(origins: readonly string[] = []) {
    this.origins = new Set(origins);
  }

  allows(origin: string | undefined): boolean {
    return origin !== undefined && this.origins.has(origin);
  }

  /** Adds the CORS headers to a response for an allowed origin; nothing for others. */
  apply(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (!this.allows(origin)) return;
    res.setHeader('Access-Control-Allow-Origin', origin!);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, WWW-Authenticate');
  }

  /** Answers a preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin. */
  preflight(req: IncomingMessage, res: ServerResponse): void {
    this.apply(req, res);
    res.writeHead(204, { 'Access-Control-Allow-Methods': ALLOWED_METHODS, 'Access-Control-Allow-Headers': ALLOWED_HEADERS, 'Access-Control-Max-Age': '600', 'Content-Length': '0' });
    res.end();
  }
}
