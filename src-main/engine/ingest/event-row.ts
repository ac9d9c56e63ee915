// How a TelemetryEvent is stored in the events table and read back: columns for what is queried,
// the rest as compact JSON in `detail` (keyed by TelemetryEvent field names).
import type { PreparedStatement } from '../db/sql';
import type { EntityType, EventKind } from '@shared/domain/enums';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import type { PipelineEvent } from './parsers/types';

/** Positional, in the order insertEvent() binds them. */
export const INSERT_EVENT_SQL = `INSERT INTO events (id, ts, kind, entity_type, entity_id, src_ip, src_port, dst_ip, dst_port, proto,
  bytes_out, bytes_in, domain, answers, user_id, outcome, hash, detail, source_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`;

const q = JSON.stringify;

/** The fields without a column of their own, as a JSON object text; null when there are none. */
function detailJson(ev: PipelineEvent): string | null {
  let s = '';
  if (ev.device_id !== undefined) s += `,"device_id":${q(ev.device_id)}`;
  if (ev.workload_id !== undefined) s += `,"workload_id":${q(ev.workload_id)}`;
  if (ev.duration_ms !== undefined) s += `,"duration_ms":${ev.duration_ms}`;
  if (ev.conn_state !== undefined) s += `,"conn_state":${q(ev.conn_state)}`;
  if (ev.rcode !== undefined) s += `,"rcode":${q(ev.rcode)}`;
  if (ev.method !== undefined) s += `,"method":${q(ev.method)}`;
  if (ev.country !== undefined) s += `,"country":${q(ev.country)}`;
  if (ev.process !== undefined) s += `,"process":${q(ev.process)}`;
  if (ev.path !== undefined) s += `,"path":${q(ev.path)}`;
  if (ev.firmware_version !== undefined) s += `,"firmware_version":${q(ev.firmware_version)}`;
  if (ev.manufacturer !== undefined) s += `,"manufacturer":${q(ev.manufacturer)}`;
  if (ev.model !== undefined) s += `,"model":${q(ev.model)}`;
  if (ev.signature !== undefined) s += `,"signature":${q(ev.signature)}`;
  if (ev.alert_severity !== undefined) s += `,"alert_severity":${ev.alert_severity}`;
  if (ev.host !== undefined) s += `,"host":${q(ev.host)}`;
  if (ev.url !== undefined) s += `,"url":${q(ev.url)}`;
  if (ev.http_method !== undefined) s += `,"http_method":${q(ev.http_method)}`;
  if (ev.status_code !== undefined) s += `,"status_code":${ev.status_code}`;
  if (ev.user_agent !== undefined) s += `,"user_agent":${q(ev.user_agent)}`;
  if (ev.server_name !== undefined) s += `,"server_name":${q(ev.server_name)}`;
  if (ev.host_name !== undefined) s += `,"host_name":${q(ev.host_name)}`;
  if (ev.event_code !== undefined) s += `,"event_code":${ev.event_code}`;
  if (ev.logon_type !== undefined) s += `,"logon_type":${ev.logon_type}`;
  if (ev.command_line !== undefined) s += `,"command_line":${q(ev.command_line)}`;
  if (ev.parent_process !== undefined) s += `,"parent_process":${q(ev.parent_process)}`;
  if (ev.target_process !== undefined) s += `,"target_process":${q(ev.target_process)}`;
  if (ev.granted_access !== undefined) s += `,"granted_access":${q(ev.granted_access)}`;
  if (ev.service_name !== undefined) s += `,"service_name":${q(ev.service_name)}`;
  if (ev.share_name !== undefined) s += `,"share_name":${q(ev.share_name)}`;
  if (ev.target_host !== undefined) s += `,"target_host":${q(ev.target_host)}`;
  if (ev.mime_type !== undefined) s += `,"mime_type":${q(ev.mime_type)}`;
  if (ev.ja3 !== undefined) s += `,"ja3":${q(ev.ja3)}`;
  if (ev.ja4 !== undefined) s += `,"ja4":${q(ev.ja4)}`;
  if (ev.cert_subject !== undefined) s += `,"cert_subject":${q(ev.cert_subject)}`;
  if (ev.cert_issuer !== undefined) s += `,"cert_issuer":${q(ev.cert_issuer)}`;
  if (ev.cert_not_before !== undefined) s += `,"cert_not_before":${ev.cert_not_before}`;
  if (ev.cert_status !== undefined) s += `,"cert_status":${q(ev.cert_status)}`;
  return s.length ? `{${s.slice(1)}}` : null;
}

/** The bound values of one events row, in INSERT_EVENT_SQL order. */
export function insertEvent(stmt: PreparedStatement, ev: PipelineEvent, sourceId: number): void {
  stmt.run(
    ev.id, ev.ts, ev.kind, ev.entity_type, ev.entity_id, ev.src_ip, ev.src_port, ev.dst_ip, ev.dst_port, ev.proto,
    ev.bytes_out, ev.bytes_in, ev.query, ev.answers === undefined ? null : q(ev.answers), ev.user_id, ev.outcome, ev.hash,
    detailJson(ev), sourceId,
  );
}

export interface EventRow {
  id: number; ts: number; kind: EventKind; entity_type: EntityType | null; entity_id: string | null;
  src_ip: string | null; src_port: number | null; dst_ip: string | null; dst_port: number | null; proto: string | null;
  bytes_out: number | null; bytes_in: number | null; domain: string | null; answers: string | null; user_id: string | null;
  outcome: 'success' | 'failure' | null; hash: string | null; detail: string | null; source_id: number | null;
}

/** An events row back to the TelemetryEvent it was stored from (for detectors, roll-ups, exports). */
export function eventFromRow(row: EventRow): TelemetryEvent & { id: number; entity_type: EntityType | null; entity_id: string | null } {
  const ev: TelemetryEvent & { id: number; entity_type: EntityType | null; entity_id: string | null } = {
    id: row.id, ts: row.ts, kind: row.kind, entity_type: row.entity_type, entity_id: row.entity_id,
  };
  if (row.src_ip !== null) ev.src_ip = row.src_ip;
  if (row.src_port !== null) ev.src_port = row.src_port;
  if (row.dst_ip !== null) ev.dst_ip = row.dst_ip;
  if (row.dst_port !== null) ev.dst_port = row.dst_port;
  if (row.proto !== null) ev.proto = row.proto;
  if (row.bytes_out !== null) ev.bytes_out = row.bytes_out;
  if (row.bytes_in !== null) ev.bytes_in = row.bytes_in;
  if (row.domain !== null) ev.query = row.domain;
  if (row.answers !== null) ev.answers = JSON.parse(row.answers) as string[];
  if (row.user_id !== null) ev.user_id = row.user_id;
  if (row.outcome !== null) ev.outcome = row.outcome;
  if (row.hash !== null) ev.hash = row.hash;
  if (row.detail !== null) Object.assign(ev, JSON.parse(row.detail) as Partial<TelemetryEvent>);
  return ev;
}
