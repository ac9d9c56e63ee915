// Suricata EVE JSON: flow, dns and alert records to events; the other event types (http, tls,
// fileinfo, anomaly, stats, ...) are valid EVE we do not ingest, counted as skipped.
import { countField, domainField, ipField, numberField, portField, show, stringField, timestampField, windowsEventNote, jsonObjectLine } from './fields';
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

export class SuricataParser implements LineParser {
  private readonly skippedTypes = new Map<string, number>();

  parse(text: string): ParseResult {
    const o = jsonObjectLine(text);
    const type = o.event_type;
    if (typeof type !== 'string') return reject(windowsEventNote(o) ?? `not a Suricata EVE record: field 'event_type' is ${show(type)}`);
    if (type !== 'flow' && type !== 'dns' && type !== 'alert') {
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
    return [...this.skippedTypes].map(([t, n]) => `${n} Suricata '${t}' records skipped: only flow, dns and alert are ingested`);
  }
}
