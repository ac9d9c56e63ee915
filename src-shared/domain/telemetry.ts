// The normalized telemetry event every parser produces and every detector consumes.
// The canonical JSONL format (docs/telemetry-schema.md) is this shape with an ISO `ts`.
import type { EventKind, EntityType } from './enums';

export interface TelemetryEvent {
  /** Epoch milliseconds. */
  ts: number;
  kind: EventKind;
  /** Explicit attribution, when the source knows it (agents, our own canonical events). */
  device_id?: string;
  workload_id?: string;
  src_ip?: string;
  src_port?: number;
  dst_ip?: string;
  dst_port?: number;
  proto?: string;
  bytes_out?: number;
  bytes_in?: number;
  duration_ms?: number;
  /** Zeek conn_state / flow state, e.g. S0, REJ, SF. */
  conn_state?: string;
  /** DNS question and answers. */
  query?: string;
  answers?: string[];
  rcode?: string;
  /** Identity events. */
  user_id?: string;
  outcome?: 'success' | 'failure';
  method?: string;
  country?: string;
  /** Process and file events. */
  hash?: string;
  process?: string;
  path?: string;
  /** Firmware reports. */
  firmware_version?: string;
  manufacturer?: string;
  model?: string;
  /** IDS alerts. */
  signature?: string;
  alert_severity?: number;
  /** HTTP requests (Zeek http, Suricata http, proxy logs): the Host, the URL, method, status, user agent. */
  host?: string;
  url?: string;
  http_method?: string;
  status_code?: number;
  user_agent?: string;
  /** TLS sessions (Zeek ssl, Suricata tls): the SNI the client asked for. */
  server_name?: string;
  /** Windows and host telemetry: the computer that logged the event (attribution by host name). */
  host_name?: string;
  /** The source's own event id (Windows EventID, Sysmon event id). */
  event_code?: number;
  /** Windows logon type (2 interactive, 3 network, 9 new credentials, 10 remote interactive...). */
  logon_type?: number;
  /** Process creation: the command line and the parent image; PowerShell script blocks: the script text. */
  command_line?: string;
  parent_process?: string;
  /** Process access (Sysmon 10, 8): the image opened and the rights granted (hex, e.g. 0x1410). */
  target_process?: string;
  granted_access?: string;
  /** Service installation (7045, 4697). */
  service_name?: string;
  /** Network share access (5140, 5145). */
  share_name?: string;
  /** Explicit-credential logon (4648): the server the credentials were used for. */
  target_host?: string;
  /** Files and HTTP responses: the content type (Zeek files/http, Suricata fileinfo magic mapped to one). */
  mime_type?: string;
  /** TLS client fingerprints and the server certificate (Zeek ssl, Suricata tls). */
  ja3?: string;
  ja4?: string;
  cert_subject?: string;
  cert_issuer?: string;
  /** Epoch ms the server certificate became valid. */
  cert_not_before?: number;
  /** The sensor's verdict on the chain, e.g. Zeek's `self signed certificate`. */
  cert_status?: string;
}

/** An event after attribution to an inventory entity and matching against threat intel. */
export interface AttributedEvent extends TelemetryEvent {
  /** Row id in the events table. */
  id: number;
  entity_type: EntityType | null;
  entity_id: string | null;
  /** Indicator ids this event touched (empty for the vast majority). */
  intel: IntelHit[];
}

export interface IntelHit {
  indicator_id: number;
  reputation: 'malicious' | 'suspicious' | 'unknown' | 'benign';
  /** Which field matched: src_ip, dst_ip, query, answer, hash. */
  field: string;
  value: string;
}
