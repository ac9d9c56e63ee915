// Zeek conn and dns records to events: shared by the TSV and the JSON log readers.
import { MIN_TS, countField, domainField, ipField, numberField, portField, show, timestampField } from './fields';
import { PipelineEvent, reject } from './types';

/** Zeek time: epoch seconds with microseconds (TSV and default JSON) or ISO 8601 (JSON with TS_ISO8601). */
export function zeekTime(value: unknown, timeBase: number | undefined): number {
  const secs = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (secs < 0) reject(`field 'ts' is ${show(value)}: a negative time is neither an absolute nor a relative timestamp`);
  if (Number.isFinite(secs) && secs * 1000 < MIN_TS) {
    if (timeBase !== undefined) return timeBase + Math.round(secs * 1000);
    reject(`field 'ts' is ${show(value)}: a relative time (seconds since the capture started), not an absolute timestamp; ingest with --time-base ISO to anchor such logs`);
  }
  return Number.isFinite(secs) ? timestampField('ts', Math.round(secs * 1000)) : timestampField('ts', value);
}

/** Values that are absent: unset fields are dropped by Zeek JSON and written '-' in TSV. */
const present = (v: unknown) => v !== undefined && v !== null && v !== '-' && v !== '';

function endpoints(ev: PipelineEvent, origH: unknown, origP: unknown, respH: unknown, respP: unknown, proto: unknown): void {
  if (!present(origH)) reject("missing field 'id.orig_h'");
  if (!present(respH)) reject("missing field 'id.resp_h'");
  ev.src_ip = ipField('id.orig_h', origH);
  ev.dst_ip = ipField('id.resp_h', respH);
  if (present(origP)) ev.src_port = portField('id.orig_p', origP);
  if (present(respP)) ev.dst_port = portField('id.resp_p', respP);
  if (present(proto)) ev.proto = String(proto).toLowerCase();
}

export function zeekConnEvent(
  ts: unknown, origH: unknown, origP: unknown, respH: unknown, respP: unknown, proto: unknown,
  duration: unknown, origBytes: unknown, respBytes: unknown, connState: unknown, timeBase: number | undefined,
): PipelineEvent {
  const ev = new PipelineEvent();
  ev.kind = 'flow';
  if (!present(ts)) reject("missing field 'ts'");
  ev.ts = zeekTime(ts, timeBase);
  endpoints(ev, origH, origP, respH, respP, proto);
  if (present(duration)) ev.duration_ms = Math.round(numberField('duration', duration) * 1000 * 1000) / 1000;
  if (present(origBytes)) ev.bytes_out = countField('orig_bytes', origBytes);
  if (present(respBytes)) ev.bytes_in = countField('resp_bytes', respBytes);
  if (present(connState)) ev.conn_state = String(connState);
  return ev;
}

export function zeekDnsEvent(
  ts: unknown, origH: unknown, origP: unknown, respH: unknown, respP: unknown, proto: unknown,
  query: unknown, answers: string[] | undefined, rcode: unknown, timeBase: number | undefined,
): PipelineEvent {
  const ev = new PipelineEvent();
  ev.kind = 'dns';
  if (!present(ts)) reject("missing field 'ts'");
  ev.ts = zeekTime(ts, timeBase);
  endpoints(ev, origH, origP, respH, respP, proto);
  // Failed lookups (SERVFAIL, rejected) have no query: still DNS traffic of the client, kept.
  if (present(query)) ev.query = domainField('query', query);
  if (answers && answers.length) ev.answers = answers;
  if (present(rcode)) ev.rcode = String(rcode);
  return ev;
}
