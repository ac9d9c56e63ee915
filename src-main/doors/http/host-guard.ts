// DNS-rebinding protection: a request must name our own host:port in Host, and a browser request
// must come from our own origin. A page on evil.com resolving to 127.0.0.1 fails both checks.
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

function hostWithPort(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${h.toLowerCase()}:${port}`;
}

/** The Host header values we answer to: loopback names always, plus the host the user chose to bind. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost']);
  if (WILDCARDS.has(bindHost)) {
    // Bound to every interface on purpose (--host 0.0.0.0): answer to this machine's own addresses only.
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address);
  } else {
    names.add(bindHost);
  }
  const hosts = [...names].map((n) => hostWithPort(n, port));
  // Browsers leave the default port out of Host and Origin.
  if (port === 80) hosts.push(...[...names].map((n) => hostWithPort(n, port).slice(0, -3)));
  return new Set(hosts);
}

export type GuardResult = { ok: true } | { ok: false; message: string };

export function checkHost(req: IncomingMessage, allowed: Set<string>): GuardResult {
  const host = req.headers.host?.toLowerCase();
  if (!host) return { ok: false, message: 'missing Host header' };
  if (!allowed.has(host)) return { ok: false, message: `host '${host}' is not this console (DNS-rebinding protection)` };
  return { ok: true };
}

/** Requests without an Origin (curl, scripts, same-origin GETs) pass; a browser's Origin must be ours. */
export function checkOrigin(req: IncomingMessage, allowed: Set<string>): GuardResult {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, message: `origin '${origin}' is not this console` };
  }
  const sameHost = url.protocol === 'http:' && url.host.toLowerCase() === req.headers.host?.toLowerCase() && allowed.has(url.host.toLowerCase());
  return sameHost ? { ok: true } : { ok: false, message: `origin '${origin}' is not this console` };
}
