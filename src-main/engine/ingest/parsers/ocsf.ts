// OCSF 1.x JSON: Network Activity (4001), DNS Activity (4003) and Authentication (3002) to events.
// Other classes are valid OCSF we do not ingest: their records are counted as skipped.
import { countField, domainField, ipField, numberField, portField, show, stringField, timestampField, windowsEventNote, jsonObjectLine } from './fields';
import { PipelineEvent, SKIP, reject, type LineParser, type ParseResult } from './types';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** OCSF status_id: 1 Success, 2 Failure (0 Unknown / 99 Other leave the outcome open). */
function outcomeOf(o: Obj): 'success' | 'failure' | undefined {
  if (o.status_id === 1) return 'success';
  if (o.status_id === 2) return 'failure';
  const s = typeof o.status === 'string' ? o.status.toLowerCase() : '';
  return s === 'success' ? 'success' : s === 'failure' ? 'failure' : undefined;
}

function endpoints(ev: PipelineEvent, o: Obj, required: boolean): void {
  const src = obj(o.src_endpoint);
  const dst = obj(o.dst_endpoint);
  if (required && (src?.ip === undefined || dst?.ip === undefined)) reject(`needs src_endpoint.ip and dst_endpoint.ip (missing ${src?.ip === undefined ? 'src_endpoint.ip' : 'dst_endpoint.ip'})`);
  if (src?.ip !== undefined) ev.src_ip = ipField('src_endpoint.ip', src.ip);
  if (dst?.ip !== undefined) ev.dst_ip = ipField('dst_endpoint.ip', dst.ip);
  if (src?.port !== undefined) ev.src_port = portField('src_endpoint.port', src.port);
  if (dst?.port !== undefined) ev.dst_port = portField('dst_endpoint.port', dst.port);
  const conn = obj(o.connection_info);
  if (typeof conn?.protocol_name === 'string') ev.proto = conn.protocol_name.toLowerCase();
}

const CLASS_NAMES: Record<number, string> = { 1001: 'File System Activity', 1007: 'Process Activity', 3001: 'Account Change', 3003: 'Authorization', 4002: 'HTTP Activity', 4004: 'DHCP Activity', 4005: 'RDP Activity', 4006: 'SMB Activity', 4007: 'SSH Activity', 4008: 'FTP Activity', 4009: 'Email Activity', 2004: 'Detection Finding' };

export class OcsfParser implements LineParser {
  private readonly skippedClasses = new Map<number, number>();

  parse(text: string): ParseResult {
    return this.record(jsonObjectLine(text));
  }

  record(o: Obj): ParseResult {
    const cls = typeof o.class_uid === 'string' ? Number(o.class_uid) : o.class_uid;
    if (typeof cls !== 'number' || !Number.isInteger(cls)) {
      const windows = windowsEventNote(o);
      return reject(windows ?? `not an OCSF event: field 'class_uid' is ${show(o.class_uid)}`);
    }
    if (cls !== 4001 && cls !== 4003 && cls !== 3002) {
      this.skippedClasses.set(cls, (this.skippedClasses.get(cls) ?? 0) + 1);
      return SKIP;
    }
    const ev = new PipelineEvent();
    if (o.time === undefined && o.time_dt === undefined) reject("missing required field 'time'");
    ev.ts = o.time !== undefined ? timestampField('time', o.time) : timestampField('time_dt', o.time_dt);
    if (cls === 4001) {
      ev.kind = 'flow';
      endpoints(ev, o, true);
      const traffic = obj(o.traffic);
      if (traffic?.bytes_out !== undefined) ev.bytes_out = countField('traffic.bytes_out', traffic.bytes_out);
      if (traffic?.bytes_in !== undefined) ev.bytes_in = countField('traffic.bytes_in', traffic.bytes_in);
      if (o.duration !== undefined) ev.duration_ms = numberField('duration', o.duration);
      // Refused / failed connections are what scan and lateral-movement detectors look for.
      if (o.activity_id === 5 || o.activity_id === 4) ev.conn_state = 'REJ';
      else if (o.activity_id === 3) ev.conn_state = 'RST';
    } else if (cls === 4003) {
      ev.kind = 'dns';
      endpoints(ev, o, false);
      const q = obj(o.query);
      if (q?.hostname !== undefined) ev.query = domainField('query.hostname', q.hostname);
      if (o.answers !== undefined) {
        if (!Array.isArray(o.answers)) reject(`field 'answers' must be an array; got ${show(o.answers)}`);
        const answers: string[] = [];
        for (const a of o.answers as unknown[]) {
          const rdata = obj(a)?.rdata;
          if (typeof rdata === 'string') answers.push(rdata);
        }
        if (answers.length) ev.answers = answers;
      }
      if (typeof o.rcode === 'string') ev.rcode = o.rcode;
      if (ev.query === undefined && ev.src_ip === undefined) reject('DNS Activity needs query.hostname or src_endpoint.ip');
    } else {
      ev.kind = 'auth';
      endpoints(ev, o, false);
      const user = obj(o.user);
      const id = user?.name ?? user?.email_addr ?? user?.uid;
      if (id === undefined) reject("Authentication needs user.name, user.email_addr or user.uid");
      ev.user_id = stringField('user.name', id);
      ev.outcome = outcomeOf(o);
      if (typeof o.auth_protocol === 'string') ev.method = o.auth_protocol;
      const country = obj(obj(o.src_endpoint)?.location)?.country;
      if (typeof country === 'string') ev.country = country;
      const device = obj(o.device);
      if (ev.dst_ip === undefined && device?.ip !== undefined) ev.dst_ip = ipField('device.ip', device.ip);
    }
    return ev;
  }

  skipNotes(): string[] {
    return [...this.skippedClasses].map(([cls, n]) => `${n} OCSF class ${cls}${CLASS_NAMES[cls] ? ` (${CLASS_NAMES[cls]})` : ''} records skipped: only 4001, 4003 and 3002 are ingested`);
  }
}
