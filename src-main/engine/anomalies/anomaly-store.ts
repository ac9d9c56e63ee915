// The anomaly store, the one owner of the `anomalies` table: detectors report findings here; a repeat
// of an open anomaly (same dedupe key) updates it instead of flooding. Every new anomaly and every
// escalation goes to the event log in the caller's transaction, after incident grouping has linked it
// (so the event carries its incident_id); analyst status changes are audited. Other domains (incidents,
// posture, compliance, detectors) read anomalies through the methods here, never with their own SQL.
import type { Actor } from '@shared/domain/actor';
import type { AnomalyStatus, AnomalyType, EntityType, RecommendedAction, Severity } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';
import { UserError, notFound } from '../errors';
import type { EventLog } from '../events/event-log';
import { prefixedId } from '../util/ulid';
import { SEVERITY_RANK, maxSeverity, type Anomaly, type Finding } from './types';

export interface AnomalyStoreDeps { sql: SqlRunner; clock: Clock; audit: AuditLog; events: EventLog }

/**
 * What incident grouping does with an anomaly about to be logged (implemented by the incident service):
 * returns the incident id the anomaly's event should carry, or undefined to leave the event as it is.
 */
export interface AnomalyGrouping {
  (anomalyId: string, change: AnomalyChange): string | null | undefined;
}
export type AnomalyChange = 'created' | 'escalated' | 'status';

/** An open anomaly as the posture factors see it. */
export interface OpenAnomalyFact { entity_id: string; id: string; type: AnomalyType; severity: Severity; status: AnomalyStatus; detected_at: number; recommended_action: RecommendedAction; confidence: number }
/** An open anomaly as the compliance checks see it. */
export interface OpenAnomalySummary { id: string; entity_type: EntityType; entity_id: string; type: AnomalyType; severity: Severity; status: AnomalyStatus; detected_at: number; recommended_action: RecommendedAction; incident_id: string | null }

export interface AnomalyQuery {
  severity?: Severity;
  entity_type?: EntityType;
  entity_id?: string;
  type?: AnomalyType;
  /** Default 'open'; 'all' lists every status. */
  status?: AnomalyStatus | 'all';
  limit?: number;
  offset?: number;
}

interface Row {
  id: string; entity_type: EntityType; entity_id: string; type: AnomalyType; severity: Severity; confidence: number;
  detected_at: number; last_seen_at: number; occurrences: number; description: string; recommended_action: RecommendedAction;
  observed_destinations: string; evidence: string; status: AnomalyStatus; status_reason: string | null;
  status_changed_at: number | null; incident_id: string | null; dedupe_key: string;
}

const MAX_DESTINATIONS = 50;
const MAX_EVENT_IDS = 20;
/** Ranks a `severity` column like SEVERITY_RANK, for ORDER BY: declared once, used by every store that sorts by severity. */
export const SEVERITY_ORDER: SqlFragment = sql.raw(`CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`);
/** The statuses an analyst has not settled yet. */
const OPEN = sql.raw(`('open','acknowledged')`);

function toAnomaly(r: Row): Anomaly {
  return {
    id: r.id, entity_type: r.entity_type, entity_id: r.entity_id, type: r.type, severity: r.severity,
    confidence: r.confidence, detected_at: isoOrNull(r.detected_at) as string, last_seen_at: isoOrNull(r.last_seen_at) as string,
    occurrences: r.occurrences, description: r.description, recommended_action: r.recommended_action,
    observed_destinations: JSON.parse(r.observed_destinations) as string[], evidence: JSON.parse(r.evidence) as Record<string, unknown>,
    status: r.status, status_reason: r.status_reason, status_changed_at: isoOrNull(r.status_changed_at), incident_id: r.incident_id,
  };
}

export function defaultDedupeKey(f: Pick<Finding, 'entity_type' | 'entity_id' | 'type'>): string {
  return `${f.entity_type}:${f.entity_id}:${f.type}`;
}

const round2 = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;

function mergeDestinations(a: string[], b: string[]): string[] {
  const out = [...a];
  for (const d of b) if (!out.includes(d) && out.length < MAX_DESTINATIONS) out.push(d);
  return out;
}

/** New evidence wins key by key; event ids accumulate (bounded) so the first sighting stays traceable. */
function mergeEvidence(old: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const ids = [...((old.event_ids as number[] | undefined) ?? []), ...((next.event_ids as number[] | undefined) ?? [])];
  const merged: Record<string, unknown> = { ...old, ...next };
  if (ids.length) merged.event_ids = [...new Set(ids)].slice(0, MAX_EVENT_IDS);
  return merged;
}

export class AnomalyStore {
  private readonly sql: SqlRunner;
  private grouping: AnomalyGrouping | null = null;

  constructor(private readonly deps: AnomalyStoreDeps) {
    this.sql = deps.sql;
  }

  /**
   * Incident grouping, called for every new, escalated or re-statused anomaly just before its event is
   * appended (so the event carries the incident_id grouping chose). Set once by the engine: incidents
   * depend on this store, so the link is made after both exist.
   */
  setGrouping(grouping: AnomalyGrouping): void {
    this.grouping = grouping;
  }

  private openByKey(key: string): Row | undefined {
    return this.sql.get<Row>(sql`SELECT * FROM anomalies WHERE dedupe_key = ${key} AND status IN ${OPEN}`, 'anomalies.open_by_key');
  }

  private row(id: string): Row | undefined {
    return this.sql.get<Row>(sql`SELECT * FROM anomalies WHERE id = ${id}`, 'anomalies.get');
  }

  /** Records a finding: a new anomaly, or an update of the open one with the same dedupe key. */
  report(f: Finding): { anomaly: Anomaly; created: boolean } {
    const run = () => {
      const key = f.dedupe_key ?? defaultDedupeKey(f);
      const existing = this.openByKey(key);
      if (!existing) {
        const row: Row = {
          id: prefixedId('ano', f.detected_at), entity_type: f.entity_type, entity_id: f.entity_id, type: f.type, severity: f.severity,
          confidence: round2(f.confidence), detected_at: f.detected_at, last_seen_at: Math.max(f.detected_at, f.last_seen_at ?? 0), occurrences: 1, description: f.description,
          recommended_action: f.recommended_action, observed_destinations: JSON.stringify(f.observed_destinations.slice(0, MAX_DESTINATIONS)),
          evidence: JSON.stringify(f.evidence), status: 'open', status_reason: null, status_changed_at: null, incident_id: null, dedupe_key: key,
        };
        this.sql.run(sql`INSERT INTO anomalies (id, entity_type, entity_id, type, severity, confidence, detected_at, last_seen_at, occurrences,
          description, recommended_action, observed_destinations, evidence, status, dedupe_key)
          VALUES (${row.id}, ${row.entity_type}, ${row.entity_id}, ${row.type}, ${row.severity}, ${row.confidence}, ${row.detected_at}, ${row.last_seen_at}, 1,
          ${row.description}, ${row.recommended_action}, ${row.observed_destinations}, ${row.evidence}, 'open', ${row.dedupe_key})`, 'anomalies.insert');
        const anomaly = toAnomaly(row);
        this.logEvent(anomaly, 'created', f.detected_at);
        return { anomaly, created: true };
      }
      const severity = maxSeverity(existing.severity, f.severity);
      const escalated = SEVERITY_RANK[severity] > SEVERITY_RANK[existing.severity];
      // The description follows the strongest sighting so far (it carries the numbers that justify the severity).
      const takeNew = SEVERITY_RANK[f.severity] >= SEVERITY_RANK[existing.severity];
      const row: Row = {
        ...existing,
        severity,
        confidence: round2(Math.max(existing.confidence, f.confidence)),
        last_seen_at: Math.max(existing.last_seen_at, f.detected_at, f.last_seen_at ?? 0),
        occurrences: existing.occurrences + 1,
        description: takeNew ? f.description : existing.description,
        recommended_action: takeNew ? f.recommended_action : existing.recommended_action,
        observed_destinations: JSON.stringify(mergeDestinations(JSON.parse(existing.observed_destinations) as string[], f.observed_destinations)),
        evidence: JSON.stringify(mergeEvidence(JSON.parse(existing.evidence) as Record<string, unknown>, f.evidence)),
      };
      this.sql.run(sql`UPDATE anomalies SET severity = ${row.severity}, confidence = ${row.confidence}, last_seen_at = ${row.last_seen_at},
        occurrences = occurrences + 1, description = ${row.description}, recommended_action = ${row.recommended_action},
        observed_destinations = ${row.observed_destinations}, evidence = ${row.evidence} WHERE id = ${row.id}`, 'anomalies.update');
      const anomaly = toAnomaly(row);
      if (escalated) this.logEvent(anomaly, 'escalated', f.detected_at);
      return { anomaly, created: false };
    };
    return this.write(run);
  }

  list(q: AnomalyQuery = {}): { anomalies: Anomaly[]; total: number } {
    const status = q.status ?? 'open';
    const where = sql.where([
      status !== 'all' && sql`status = ${status}`,
      q.severity && sql`severity = ${q.severity}`,
      q.entity_type && sql`entity_type = ${q.entity_type}`,
      !!q.entity_id && sql`entity_id = ${q.entity_id}`,
      q.type && sql`type = ${q.type}`,
    ]);
    const total = this.sql.value<number>(sql`SELECT COUNT(*) FROM anomalies ${where}`, 'anomalies.count') ?? 0;
    const rows = this.sql.all<Row>(sql`SELECT * FROM anomalies ${where} ORDER BY ${SEVERITY_ORDER} DESC, last_seen_at DESC, id
      LIMIT ${q.limit ?? 20} OFFSET ${q.offset ?? 0}`, 'anomalies.list');
    return { anomalies: rows.map(toAnomaly), total };
  }

  /** The open (or acknowledged) anomaly with this dedupe key, if any. */
  findOpen(dedupeKey: string): Anomaly | null {
    const row = this.openByKey(dedupeKey);
    return row ? toAnomaly(row) : null;
  }

  get(id: string): Anomaly | null {
    const row = this.row(id);
    return row ? toAnomaly(row) : null;
  }

  /** Destinations named by open or acknowledged anomalies of devices (all devices with null), for management-path screening. */
  openDeviceDestinations(deviceIds: readonly string[] | null): { anomaly_id: string; device_id: string; type: AnomalyType; destination: string }[] {
    const only = deviceIds === null ? null : new Set(deviceIds);
    const rows = this.sql.all<{ id: string; entity_id: string; type: AnomalyType; observed_destinations: string }>(sql`SELECT id, entity_id, type, observed_destinations
      FROM anomalies WHERE entity_type = 'device' AND status IN ${OPEN} AND observed_destinations <> '[]' ORDER BY detected_at, id`, 'anomalies.open_device_destinations');
    return rows.filter((r) => only === null || only.has(r.entity_id))
      .flatMap((r) => (JSON.parse(r.observed_destinations) as string[]).map((destination) => ({ anomaly_id: r.id, device_id: r.entity_id, type: r.type, destination })));
  }

  /**
   * Moves every anomaly of a discovered device to the inventory entity that claimed its address; returns
   * how many moved and the incidents they belong to. Call inside the import's transaction.
   */
  reassignEntity(fromDevice: string, to: { type: EntityType; id: string }): { moved: number; incidents: string[] } {
    const incidents = this.sql.column<string>(sql`SELECT DISTINCT incident_id FROM anomalies WHERE entity_type = 'device' AND entity_id = ${fromDevice} AND incident_id IS NOT NULL`);
    const moved = this.sql.run(sql`UPDATE anomalies SET entity_type = ${to.type}, entity_id = ${to.id} WHERE entity_type = 'device' AND entity_id = ${fromDevice}`).changes;
    return { moved, incidents };
  }

  /** Open and acknowledged anomalies of one entity, most severe first. */
  openFor(entityType: EntityType, entityId: string): Anomaly[] {
    return this.sql.all<Row>(sql`SELECT * FROM anomalies WHERE entity_type = ${entityType} AND entity_id = ${entityId} AND status IN ${OPEN}
      ORDER BY ${SEVERITY_ORDER} DESC, last_seen_at DESC`, 'anomalies.open_for').map(toAnomaly);
  }

  /** An analyst (or the system) changes the status: audited and event-logged in one transaction. */
  setStatus(id: string, status: AnomalyStatus, opts: { actor: Actor; reason?: string }): Anomaly {
    const now = this.deps.clock.now();
    const change = () => {
      const row = this.row(id);
      if (!row) throw notFound('anomaly', id);
      try {
        this.sql.run(sql`UPDATE anomalies SET status = ${status}, status_reason = ${opts.reason ?? null}, status_changed_at = ${now} WHERE id = ${id}`, 'anomalies.set_status');
      } catch (err) {
        if (String(err).includes('UNIQUE')) throw new UserError('conflict', `anomaly '${id}' cannot be reopened: another open anomaly has the same subject`, 'status');
        throw err;
      }
      const anomaly = toAnomaly({ ...row, status, status_reason: opts.reason ?? null, status_changed_at: now });
      this.logEvent(anomaly, 'status', now, { previous_status: row.status, reason: opts.reason ?? null });
      return anomaly;
    };
    const params = { anomaly_id: id, status, reason: opts.reason ?? null };
    return this.sql.db.inTransaction
      ? (() => { const a = change(); this.deps.audit.append({ actor: opts.actor, action: 'anomaly.set_status', params, outcome: 'ok' }); return a; })()
      : this.deps.audit.record(opts.actor, 'anomaly.set_status', params, change);
  }

  /**
   * Links anomalies to an incident. Call it inside the incident operation's transaction, which
   * carries the audit entry for the whole change. Returns how many anomalies were linked.
   */
  setIncident(anomalyIds: readonly string[], incidentId: string | null): number {
    return this.sql.run(sql`UPDATE anomalies SET incident_id = ${incidentId} WHERE id IN (SELECT value FROM json_each(${JSON.stringify(anomalyIds)}))`, 'anomalies.set_incident').changes;
  }

  // ——— reads for other domains ———

  /** The members of an incident, oldest first. */
  ofIncident(incidentId: string): Anomaly[] {
    return this.sql.all<Row>(sql`SELECT * FROM anomalies WHERE incident_id = ${incidentId} ORDER BY detected_at, id`, 'anomalies.of_incident').map(toAnomaly);
  }

  /** Open anomalies of an entity in no incident whose activity touches [from, to] (data time). */
  unlinked(entityType: EntityType, entityId: string, from: number, to: number): Anomaly[] {
    return this.sql.all<Row>(sql`SELECT * FROM anomalies WHERE entity_id = ${entityId} AND status IN ${OPEN} AND entity_type = ${entityType}
      AND incident_id IS NULL AND last_seen_at >= ${from} AND detected_at <= ${to} ORDER BY detected_at, id`, 'anomalies.unlinked').map(toAnomaly);
  }

  /** How many anomalies are open or acknowledged: of one entity, or of the whole fleet without one. */
  countOpen(entity?: { type: EntityType; id: string }): number {
    const q = entity
      ? sql`SELECT COUNT(*) FROM anomalies WHERE entity_id = ${entity.id} AND entity_type = ${entity.type} AND status IN ${OPEN}`
      : sql`SELECT COUNT(*) FROM anomalies WHERE status IN ${OPEN}`;
    return this.sql.value<number>(q, 'anomalies.count_open') ?? 0;
  }

  /** Open anomalies of a user and of the devices it is active on (a user's posture counts both). */
  countOpenOfUser(userId: string, deviceIds: readonly string[]): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM anomalies WHERE status IN ${OPEN} AND ((entity_type = 'user' AND entity_id = ${userId})
      OR (entity_type = 'device' AND entity_id IN (SELECT value FROM json_each(${JSON.stringify(deviceIds)}))))`, 'anomalies.count_open_of_user') ?? 0;
  }

  /** When an analyst (or the system) last changed the status of one of the entity's anomalies (clock time), if ever. */
  lastStatusChange(type: EntityType, id: string): number | null {
    return this.sql.value<number | null>(sql`SELECT MAX(status_changed_at) FROM anomalies WHERE entity_id = ${id} AND entity_type = ${type}`, 'anomalies.last_status_change') ?? null;
  }

  /** Open anomalies of many entities of one type, for the posture factors. */
  openFacts(type: EntityType, ids: readonly string[]): OpenAnomalyFact[] {
    return this.sql.all<OpenAnomalyFact>(sql`SELECT entity_id, id, type, severity, status, detected_at, recommended_action, confidence FROM anomalies
      WHERE entity_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND status IN ${OPEN} AND entity_type = ${type}`, 'anomalies.open_facts');
  }

  /** Every open anomaly, oldest first, for the compliance checks. */
  openSummaries(): OpenAnomalySummary[] {
    return this.sql.all<OpenAnomalySummary>(sql`SELECT id, entity_type, entity_id, type, severity, status, detected_at, recommended_action, incident_id
      FROM anomalies WHERE status IN ${OPEN} ORDER BY detected_at, id`, 'anomalies.open_summaries');
  }

  /** The subjects of the open anomalies of one type (a detector reloading what it has flagged). */
  openSubjects(type: AnomalyType): [EntityType, string][] {
    return this.sql.all<{ entity_type: EntityType; entity_id: string }>(sql`SELECT entity_type, entity_id FROM anomalies WHERE type = ${type} AND status IN ${OPEN}`, 'anomalies.open_subjects')
      .map((r) => [r.entity_type, r.entity_id]);
  }

  /** Anomalies detected in [from, to) (data time), for scoring detections against ground truth. */
  detectedBetween(from: number, to: number): { type: AnomalyType; entity_type: EntityType; entity_id: string; detected_at: number; description: string }[] {
    return this.sql.all(sql`SELECT type, entity_type, entity_id, detected_at, description FROM anomalies WHERE detected_at >= ${from} AND detected_at < ${to}`, 'anomalies.detected_between');
  }

  /**
   * Per entity, when an indicator-contact anomaly (ioc_contact, c2_beaconing) of it was last settled
   * (resolved or false positive): a contact before that was dealt with.
   */
  lastSettledContacts(): Map<string, number> {
    const rows = this.sql.all<{ entity_id: string; at: number }>(sql`SELECT entity_id, MAX(status_changed_at) AS at FROM anomalies
      WHERE status IN ('resolved','false_positive') AND type IN ('ioc_contact','c2_beaconing') AND status_changed_at IS NOT NULL GROUP BY entity_id`, 'anomalies.last_settled_contacts');
    return new Map(rows.map((r) => [r.entity_id, r.at]));
  }

  /** Groups the anomaly into an incident (explicitly, before the event is written), then logs the event. */
  private logEvent(a: Anomaly, change: AnomalyChange, ts: number, extra: Record<string, unknown> = {}): void {
    const grouped = this.grouping?.(a.id, change);
    const incidentId = grouped === undefined ? a.incident_id : grouped;
    this.deps.events.append({
      event_type: 'anomaly',
      severity: a.severity,
      entity_type: a.entity_type,
      entity_id: a.entity_id,
      ts,
      data: {
        anomaly_id: a.id, entity_type: a.entity_type, entity_id: a.entity_id, ...(a.entity_type === 'device' ? { device_id: a.entity_id } : {}),
        anomaly_type: a.type, severity: a.severity, confidence: a.confidence, description: a.description,
        recommended_action: a.recommended_action, observed_destinations: a.observed_destinations, incident_id: incidentId,
        status: a.status, change, ...extra,
      },
    });
  }

  private write<T>(fn: () => T): T {
    return this.sql.db.inTransaction ? fn() : this.sql.db.transaction(fn).immediate();
  }
}
