// Squid's native access.log (logformat squid): `time elapsed client code/status bytes method URL user
// hierarchy/peer type`, whitespace-separated. Each request is an `http` event: the client address, the
// Host (from the URL, or host:port of a CONNECT), method, status, bytes sent to the client, the
// authenticated user (ident or proxy auth) and the server address Squid connected to.
import { ipField, timestampField, show } from './fields';
import { IGNORE, PipelineEvent, reject, type LineParser, type ParseResult } from './types';

const IPV4_OR_6 = /^[0-9a-fA-F:.]+$/;

/** The lowercase host of an absolute URL, or of the host:port a CONNECT names. */
export function hostOfUrl(url: string): string | undefined {
  let h = url;
  const scheme = h.indexOf('://');
  if (scheme >= 0) h = h.slice(scheme + 3);
  const end = h.search(/[/?#]/);
  if (end >= 0) h = h.slice(0, end);
  const at = h.lastIndexOf('@');
  if (at >= 0) h = h.slice(at + 1);
  if (h.startsWith('[')) return undefined;
  const colon = h.indexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  h = h.toLowerCase().replace(/\.$/, '');
  return /^[a-z0-9_.-]+$/.test(h) && h.includes('.') ? h : undefined;
}

export class SquidParser implements LineParser {
  parse(text: string): ParseResult {
    const line = text.trim();
    if (!line || line.startsWith('#')) return IGNORE;
    const f = line.split(/\s+/);
    if (f.length < 7) return reject(`expected the 10 fields of Squid's native access.log, found ${f.length}`);
    const ev = new PipelineEvent();
    ev.kind = 'http';
    ev.ts = timestampField('time', f[0]);
    const elapsed = Number(f[1]);
    if (Number.isFinite(elapsed) && elapsed >= 0) ev.duration_ms = elapsed;
    ev.src_ip = ipField('client', f[2]);
    const slash = f[3].indexOf('/');
    if (slash < 0) return reject(`field 'code/status' is ${show(f[3])}: expected e.g. TCP_MISS/200`);
    const status = Number(f[3].slice(slash + 1));
    if (Number.isInteger(status) && status > 0) ev.status_code = status;
    const bytes = Number(f[4]);
    if (!Number.isInteger(bytes) || bytes < 0) return reject(`field 'bytes' is ${show(f[4])}: not a byte count`);
    ev.bytes_in = bytes;
    ev.http_method = f[5].toUpperCase();
    ev.url = f[6];
    const host = hostOfUrl(f[6]);
    if (host !== undefined) ev.host = host;
    if (f[7] !== undefined && f[7] !== '-') ev.user_id = decodeURIComponent(f[7]);
    const peer = f[8]?.split('/')[1];
    if (peer && peer !== '-' && IPV4_OR_6.test(peer)) ev.dst_ip = ipField('peer', peer);
    return ev;
  }
}
