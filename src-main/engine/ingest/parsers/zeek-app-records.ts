// Zeek application logs beyond conn and dns, shared by the TSV and JSON readers: http → http events,
// ssl → tls events (SNI, JA3/JA4 where a package logs them, the certificate's subject, issuer and start
// of validity where the log carries them, the validation verdict), files → file events (MIME type, name,
// hashes), notice → alert events (the notice name and message as the signature). x509 and pe logs
// x509 → tls events without addresses (the certificate by its fingerprint, joined to the sessions that
// showed it by the certificate detector); pe logs describe files without addresses: skipped, counted.
import { countField, domainField, hashField, ipField, portField, show } from './fields';
import { PipelineEvent, reject } from './types';
import { zeekTime } from './zeek-records';

/** Reads a field of one record; TSV gives strings ('-' already undefined), JSON gives its values. */
export type Get = (name: string) => unknown;

export const APP_LOGS = new Set(['http', 'ssl', 'files', 'notice', 'x509']);

const present = (v: unknown) => v !== undefined && v !== null && v !== '-' && v !== '' && v !== '(empty)';
/** A Zeek set or vector: an array in JSON, a comma-separated string in TSV. */
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : present(v) ? String(v).split(',') : []);
const text = (v: unknown): string | undefined => (present(v) ? String(v) : undefined);

function times(ev: PipelineEvent, get: Get, timeBase: number | undefined): void {
  const ts = get('ts');
  if (!present(ts)) reject("missing field 'ts'");
  ev.ts = zeekTime(ts, timeBase);
}

function endpoints(ev: PipelineEvent, get: Get, required: boolean): void {
  const o = get('id.orig_h');
  const r = get('id.resp_h');
  if (required && (!present(o) || !present(r))) reject(`missing field '${present(o) ? 'id.resp_h' : 'id.orig_h'}'`);
  if (present(o)) ev.src_ip = ipField('id.orig_h', o);
  if (present(r)) ev.dst_ip = ipField('id.resp_h', r);
  if (present(get('id.orig_p'))) ev.src_port = portField('id.orig_p', get('id.orig_p'));
  if (present(get('id.resp_p'))) ev.dst_port = portField('id.resp_p', get('id.resp_p'));
}

/** The event of one record of an application log, or null when the record carries nothing to ingest. */
export function zeekAppEvent(log: string, get: Get, timeBase: number | undefined): PipelineEvent | null {
  const ev = new PipelineEvent();
  times(ev, get, timeBase);
  switch (log) {
    case 'http': {
      ev.kind = 'http';
      endpoints(ev, get, true);
      if (present(get('host'))) ev.host = domainField('host', String(get('host')).replace(/:\d+$/, ''));
      ev.url = text(get('uri'));
      if (present(get('method'))) ev.http_method = String(get('method')).toUpperCase();
      if (present(get('status_code'))) ev.status_code = countField('status_code', get('status_code'));
      ev.user_agent = text(get('user_agent'));
      ev.mime_type = list(get('resp_mime_types'))[0]?.toLowerCase();
      if (present(get('response_body_len'))) ev.bytes_in = countField('response_body_len', get('response_body_len'));
      // A response whose request Zeek did not see (capture started mid-stream): the server is the host.
      if (ev.host === undefined && ev.url === undefined) ev.host = ev.dst_ip;
      return ev;
    }
    case 'ssl': {
      ev.kind = 'tls';
      endpoints(ev, get, true);
      if (present(get('server_name'))) ev.server_name = domainField('server_name', get('server_name'));
      ev.ja3 = text(get('ja3'))?.toLowerCase();
      ev.ja4 = text(get('ja4'));
      ev.cert_subject = text(get('subject'));
      ev.cert_issuer = text(get('issuer'));
      ev.cert_status = text(get('validation_status'));
      const before = get('not_valid_before');
      if (present(before)) ev.cert_not_before = zeekTime(before, undefined);
      const leaf = list(get('cert_chain_fps'))[0] ?? list(get('cert_chain_fuids'))[0];
      if (leaf !== undefined && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(leaf)) ev.hash = leaf.toLowerCase();
      return ev;
    }
    case 'x509': {
      ev.kind = 'tls';
      const fp = text(get('fingerprint'));
      if (fp === undefined || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(fp)) return null;
      // Only server certificates (Zeek 6 logs client certificates too).
      if (get('host_cert') === 'F' || get('host_cert') === false) return null;
      ev.hash = fp.toLowerCase();
      ev.cert_subject = text(get('certificate.subject'));
      ev.cert_issuer = text(get('certificate.issuer'));
      const before = get('certificate.not_valid_before');
      if (present(before)) ev.cert_not_before = zeekTime(before, undefined);
      return ev;
    }
    case 'files': {
      ev.kind = 'file';
      // Zeek 5+ logs the connection (id.*); older versions the sending and receiving hosts.
      if (present(get('id.orig_h'))) endpoints(ev, get, false);
      else {
        const rx = list(get('rx_hosts'))[0];
        const tx = list(get('tx_hosts'))[0];
        if (rx) ev.src_ip = ipField('rx_hosts', rx);
        if (tx) ev.dst_ip = ipField('tx_hosts', tx);
      }
      if (ev.src_ip === undefined && ev.dst_ip === undefined) return null;
      ev.mime_type = text(get('mime_type'))?.toLowerCase();
      ev.path = text(get('filename'));
      ev.method = text(get('source'))?.toLowerCase();
      const h = [get('sha256'), get('sha1'), get('md5')].find(present);
      if (h !== undefined) ev.hash = hashField('sha256/sha1/md5', h);
      if (present(get('seen_bytes'))) ev.bytes_in = countField('seen_bytes', get('seen_bytes'));
      return ev;
    }
    case 'notice': {
      ev.kind = 'alert';
      endpoints(ev, get, false);
      if (ev.src_ip === undefined && present(get('src'))) ev.src_ip = ipField('src', get('src'));
      if (ev.dst_ip === undefined && present(get('dst'))) ev.dst_ip = ipField('dst', get('dst'));
      const note = text(get('note'));
      if (note === undefined) reject(`notice record without its 'note': ${show(get('msg'))}`);
      const msg = text(get('msg'));
      ev.signature = msg ? `${note}: ${msg}` : note;
      // Zeek notices have no severity of their own: a policy script raised them, so they weigh as a medium IDS alert.
      ev.alert_severity = 2;
      return ev;
    }
  }
  return null;
}
