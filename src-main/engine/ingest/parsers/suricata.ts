// Suricata EVE JSON: flow, dns, alert, http, tls and fileinfo records to events; the other event
// types (anomaly, stats, ...) are valid EVE we do not ingest, counted as skipped.
import { countField, domainField, hashField, ipField, numberField, portField, show, stringField, timestampField, windowsEventNote, jsonObjectLine } from './fields';
import { PipelineEvent, SKIP, reject, type LineParser, type ParseResult } from './types';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

function endpoints(ev: PipelineEvent, o: Obj): void {
  if (o.src_ip === undefined || o.dest_ip === undefined) reject(`needs src_ip and dest_ip (missing ${o.src_ip === undefined ? 'src_ip' : 'dest_ip'})`);
  ev.src_ip = ipField('src_ip', o.src_ip);
  ev.dst_ip = ipField('dest_ip', o.dest_ip);
  if (o.src_port !== undefined) ev.src_port = portField('src_port', o.src_port);
  if (o.dest_port !== undefined) ev.dst_port = portField('dest_port', o.dest_port);
  if (typeof o.proto === 'string') ev.proto = o.proto.toLowerCase();
}

/** Answers of any EVE DNS layout: v2 `answers[]`/`grouped`, v1 one `rdata` per record. */
function dnsAnswers(dns: Obj): string[] | undefined {
  const out: string[] = [];
  if (Array.isArray(dns.answers)) {
    for (const a of dns.answers) {
      const rdata = obj(a)?.rdata;
      if (typeof rdata === 'string') out.push(rdata);
    }
  } else if (obj(dns.grouped)) {
    for (const list of Object.values(obj(dns.grouped)!)) if (Array.isArray(list)) for (const r of list) if (typeof r === 'string') out.push(r);
  } else if (typeof dns.rdata === 'string') out.push(dns.rdata);
  return out.length ? out : undefined;
}

function httpFields(ev: PipelineEvent, http: Obj): void {
  if (typeof http.hostname === 'string' && http.hostname) ev.host = domainField('http.hostname', http.hostname);
  if (typeof http.url === 'string') ev.url = http.url;
  if (typeof http.http_method === 'string') ev.http_method = http.http_method.toUpperCase();
  if (http.status !== undefined) ev.status_code = countField('http.status', http.status);
  if (typeof http.http_user_agent === 'string') ev.user_agent = http.http_user_agent;
  if (typeof http.http_content_type === 'string') ev.mime_type = http.http_content_type.toLowerCase();
  if (ev.host === undefined && ev.url === undefined) ev.host = ev.dst_ip;
}

/** libmagic's description of a file (Suricata `fileinfo.magic`) as the MIME type of executables and archives. */
function mimeOfMagic(magic: unknown): string | undefined {
  if (typeof magic !== 'string') return undefined;
  if (/^PE32\+? executable|MS-DOS executable/.test(magic)) return 'application/x-dosexec';
  if (/^ELF /.test(magic)) return 'application/x-executable';
  if (/^Mach-O/.test(magic)) return 'application/x-mach-binary';
  if (/^Zip archive/.test(magic)) return 'application/zip';
  return undefined;
}

export class SuricataParser implements LineParser {
  private readonly skippedTypes = new Map<string, number>();

  parse(text: string): ParseResult {
    const o = jsonObjectLine(text);
    const type = o.event_type;
    if (typeof type !== 'string') return reject(windowsEventNote(o) ?? `not a Suricata EVE record: field 'event_type' is ${show(type)}`);
    if (type !== 'flow' && type !== 'dns' && type !== 'alert' && type !== 'http' && type !== 'tls' && type !== 'fileinfo') {
      this.skippedTypes.set(type, (this.skippedTypes.get(type) ?? 0) + 1);
      return SKIP;
    }
    if (o.timestamp === undefined) reject("missing required field 'timestamp'");
    const ev = new PipelineEvent();
    ev.ts = timestampField('timestamp', o.timestamp);
    endpoints(ev, o);
    const flow = obj(o.flow);
    if (type === 'flow') {
      ev.kind = 'flow';
      if (!flow) reject("flow record without its 'flow' object");
      // A flow record is written when the flow ends; the event time is when it started.
      if (flow!.start !== undefined) ev.ts = timestampField('flow.start', flow!.start);
      if (flow!.bytes_toserver !== undefined) ev.bytes_out = countField('flow.bytes_toserver', flow!.bytes_toserver);
      if (flow!.bytes_toclient !== undefined) ev.bytes_in = countField('flow.bytes_toclient', flow!.bytes_toclient);
      if (flow!.start !== undefined && flow!.end !== undefined) {
        const d = timestampField('flow.end', flow!.end) - ev.ts;
        if (d >= 0) ev.duration_ms = d;
      }
      if (typeof flow!.state === 'string') ev.conn_state = flow!.state;
    } else if (type === 'dns') {
      ev.kind = 'dns';
      const dns = obj(o.dns);
      if (!dns) reject("dns record without its 'dns' object");
      const queries = Array.isArray(dns!.queries) ? obj(dns!.queries[0]) : undefined; // EVE v3 layout
      const rrname = dns!.rrname ?? queries?.rrname;
      if (rrname !== undefined) ev.query = domainField('dns.rrname', rrname);
      ev.answers = dnsAnswers(dns!);
      if (typeof dns!.rcode === 'string') ev.rcode = dns!.rcode;
    } else if (type === 'http') {
      ev.kind = 'http';
      const http = obj(o.http);
      if (!http) reject("http record without its 'http' object");
      httpFields(ev, http!);
    } else if (type === 'tls') {
      ev.kind = 'tls';
      const tls = obj(o.tls);
      if (!tls) reject("tls record without its 'tls' object");
      if (typeof tls!.sni === 'string' && tls!.sni) ev.server_name = domainField('tls.sni', tls!.sni);
      ev.ja3 = typeof obj(tls!.ja3)?.hash === 'string' ? (obj(tls!.ja3)!.hash as string).toLowerCase() : undefined;
      ev.ja4 = typeof tls!.ja4 === 'string' ? tls!.ja4 : undefined;
      if (typeof tls!.fingerprint === 'string' && /^([0-9a-f]{2}:){19}[0-9a-f]{2}$/i.test(tls!.fingerprint)) ev.hash = tls!.fingerprint.replace(/:/g, '').toLowerCase();
      if (typeof tls!.subject === 'string') ev.cert_subject = tls!.subject;
      if (typeof tls!.issuerdn === 'string') ev.cert_issuer = tls!.issuerdn;
      // Suricata writes certificate times in UTC without a zone.
      if (typeof tls!.notbefore === 'string') ev.cert_not_before = timestampField('tls.notbefore', /[zZ]|[+-]\d\d:?\d\d$/.test(tls!.notbefore) ? tls!.notbefore : `${tls!.notbefore}Z`);
    } else if (type === 'fileinfo') {
      ev.kind = 'file';
      const fi = obj(o.fileinfo);
      if (!fi) reject("fileinfo record without its 'fileinfo' object");
      if (typeof fi!.filename === 'string') ev.path = fi!.filename;
      const hash = fi!.sha256 ?? fi!.sha1 ?? fi!.md5;
      if (typeof hash === 'string') ev.hash = hashField('fileinfo.sha256', hash);
      if (fi!.size !== undefined) ev.bytes_in = countField('fileinfo.size', fi!.size);
      const http = obj(o.http);
      ev.mime_type = mimeOfMagic(fi!.magic) ?? (typeof http?.http_content_type === 'string' ? http.http_content_type.toLowerCase() : undefined);
      if (typeof o.app_proto === 'string') ev.method = o.app_proto.toLowerCase();
      if (http) {
        if (typeof http.hostname === 'string' && http.hostname) ev.host = domainField('http.hostname', http.hostname);
        if (typeof http.url === 'string') ev.url = http.url;
      }
    } else {
      ev.kind = 'alert';
      const alert = obj(o.alert);
      if (!alert) reject("alert record without its 'alert' object");
      if (alert!.signature !== undefined) ev.signature = stringField('alert.signature', alert!.signature);
      if (alert!.severity !== undefined) ev.alert_severity = numberField('alert.severity', alert!.severity);
    }
    return ev;
  }

  skipNotes(): string[] {
    return [...this.skippedTypes].map(([t, n]) => `${n} Suricata '${t}' records skipped: only flow, dns, alert, http, tls and fileinfo are ingested`);
  }
}
