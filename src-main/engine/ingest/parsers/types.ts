// What every telemetry parser returns for one line (or JSON array element), and how it refuses one.
import type { EntityType, EventKind } from '@shared/domain/enums';
import type { AttributedEvent, IntelHit } from '@shared/domain/telemetry';

/**
 * The event object that flows through the pipeline. Every field exists from construction so all
 * events share one hidden class: the attribution, intel and insert code read ~30 fields per event
 * and stay monomorphic (a measurable win over parsed objects of varying shapes).
 * It is an AttributedEvent once the pipeline has filled id, entity and intel.
 */
export class PipelineEvent implements AttributedEvent {
  ts = 0;
  kind: EventKind = 'flow';
  device_id?: string = undefined;
  workload_id?: string = undefined;
  src_ip?: string = undefined;
  src_port?: number = undefined;
  dst_ip?: string = undefined;
  dst_port?: number = undefined;
  proto?: string = undefined;
  bytes_out?: number = undefined;
  bytes_in?: number = undefined;
  duration_ms?: number = undefined;
  conn_state?: string = undefined;
  query?: string = undefined;
  answers?: string[] = undefined;
  rcode?: string = undefined;
  user_id?: string = undefined;
  outcome?: 'success' | 'failure' = undefined;
  method?: string = undefined;
  country?: string = undefined;
  hash?: string = undefined;
  process?: string = undefined;
  path?: string = undefined;
  firmware_version?: string = undefined;
  manufacturer?: string = undefined;
  model?: string = undefined;
  signature?: string = undefined;
  alert_severity?: number = undefined;
  host?: string = undefined;
  url?: string = undefined;
  http_method?: string = undefined;
  status_code?: number = undefined;
  user_agent?: string = undefined;
  server_name?: string = undefined;
  host_name?: string = undefined;
  event_code?: number = undefined;
  logon_type?: number = undefined;
  command_line?: string = undefined;
  parent_process?: string = undefined;
  target_process?: string = undefined;
  granted_access?: string = undefined;
  service_name?: string = undefined;
  share_name?: string = undefined;
  target_host?: string = undefined;
  mime_type?: string = undefined;
  ja3?: string = undefined;
  ja4?: string = undefined;
  cert_subject?: string = undefined;
  cert_issuer?: string = undefined;
  cert_not_before?: number = undefined;
  cert_status?: string = undefined;
  id = 0;
  entity_type: EntityType | null = null;
  entity_id: string | null = null;
  intel: IntelHit[] = NO_HITS;
}

const NO_HITS: IntelHit[] = [];

/** A line the parser understood but that carries nothing to ingest (e.g. Suricata http, Zeek ssl). */
export const SKIP = Symbol('skip');
/** A line that is not a record at all (Zeek #header lines): counted neither as event nor as skipped. */
export const IGNORE = Symbol('ignore');

export type ParseResult = PipelineEvent | typeof SKIP | typeof IGNORE;

/**
 * Thrown by a parser for a bad record. Not an Error subclass on purpose: no stack capture,
 * because a file with many bad lines must stay fast.
 */
export class Rejection {
  constructor(readonly reason: string) {}
}

export function reject(reason: string): never {
  throw new Rejection(reason);
}

export interface LineParser {
  /** Parses one record; throws Rejection for a bad one. `text` has no line terminator. */
  parse(text: string): ParseResult;
  /**
   * Called for the records before a resume point instead of parse(): stateful formats (Zeek TSV
   * headers) rebuild their state from them, the others ignore them.
   */
  replay?(text: string): void;
  /** Why lines were skipped, for the summary ("zeek ssl log: only conn and dns are ingested"). */
  skipNotes?(): string[];
}

export interface ParserOptions {
  /**
   * Epoch ms added to relative Zeek timestamps (seconds since capture start, as in some Slips test
   * logs). Without it such timestamps are rejected.
   */
  timeBase?: number;
}
