// The anomaly store: detectors report findings here; a repeat of an open anomaly (same dedupe key)
// updates it instead of flooding. Every new anomaly and every escalation goes to the event log in the
// caller's transaction; analyst status changes are audited.
import type { Actor } from '@shared/domain/actor';
import type { AnomalyStatus, AnomalyType, EntityType, RecommendedAction, Severity } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { UserError, notFound } from '../errors';
import type { EventLog } from '../events/event-log';
import { prefixedId } from '../util/ulid';
import { SEVERITY_RANK, maxSeverity, type Anomaly, type Finding } from './types';

export interface AnomalyStoreDeps { db: Db; clock: Clock; audit: AuditLog; events: EventLog }

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
const SEVERITY_ORDER = `CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`;

export function toAnomaly(r: Row): Anomaly {
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
  private readonly stmts;

  constructor(private readonly deps: AnomalyStoreDeps) {
    const { db } = deps;
    this.stmts = {
      openByKey: db.prepare(`SELECT * FROM anomalies WHERE dedupe_key = ? AND status IN ('open','acknowledged')`),
      insert: db.prepare(`INSERT INTO anomalies (id, entity_type, entity_id, type, severity, confidence, detected_at, last_seen_at, occurrences,
        description, recommended_action, observed_destinations, evidence, status, dedupe_key)
        VALUES (@id, @entity_type, @entity_id, @type, @severity, @confidence, @detected_at, @last_seen_at, 1, @description, @recommended_action,
        @observed_destinations, @evidence, 'open', @dedupe_key)`),
      update: db.prepare(`UPDATE anomalies SET severity = @severity, confidence = @confidence, last_seen_at = @last_seen_at, occurrences = occurrences + 1,
        description = @description, recommended_action = @recommended_action, observed_destinations = @observed_destinations, evidence = @evidence WHERE id = @id`),
      get: db.prepare('SELECT * FROM anomalies WHERE id = ?'),
      openDeviceDestinations: db.prepare(`SELECT id, entity_id, type, observed_destinations FROM anomalies WHERE entity_type = 'device' AND status IN ('open','acknowledged') AND observed_destinations <> '[]' ORDER BY detected_at, id`),
      openFor: db.prepare(`SELECT * FROM anomalies WHERE entity_type = ? AND entity_id = ? AND status IN ('open','acknowledged') ORDER BY ${SEVERITY_ORDER} DESC, last_seen_at DESC`),
      setStatus: db.prepare('UPDATE anomalies SET status = ?, status_reason = ?, status_changed_at = ? WHERE id = ?'),
      setIncident: db.prepare('UPDATE anomalies SET incident_id = ? WHERE id IN (SELECT value FROM json_each(?))'),
      incidentsOf: db.prepare("SELECT DISTINCT incident_id FROM anomalies WHERE entity_type = 'device' AND entity_id = ? AND incident_id IS NOT NULL").pluck(),
      reassign: db.prepare("UPDATE anomalies SET entity_type = ?, entity_id = ? WHERE entity_type = 'device' AND entity_id = ?"),
    };
  }

  /** Records a finding: a new anomaly, or an update of the open one with the same dedupe key. */
  report(f: Finding): { anomaly: Anomaly; created: boolean } {
    const run = () => {
      const key = f.dedupe_key ?? defaultDedupeKey(f);
      const existing = this.stmts.openByKey.get(key) as Row | undefined;
      if (!existing) {
        const row: Row = {
          id: prefixedId('ano', f.detected_at), entity_type: f.entity_type, entity_id: f.entity_id, type: f.type, severity: f.severity,
          confidence: round2(f.confidence), detected_at: f.detected_at, last_seen_at: Math.max(f.detected_at, f.last_seen_at ?? 0), occurrences: 1, description: f.description,
          recommended_action: f.recommended_action, observed_destinations: JSON.stringify(f.observed_destinations.slice(0, MAX_DESTINATIONS)),
          evidence: JSON.stringify(f.evidence), status: 'open', status_reason: null, status_changed_at: null, incident_id: null, dedupe_key: key,
        };
        this.stmts.insert.run(row);
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
      this.stmts.update.run(row);
      const anomaly = toAnomaly(row);
      if (escalated) this.logEvent(anomaly, 'escalated', f.detected_at);
      return { anomaly, created: false };
    };
    return this.deps.db.inTransaction ? run() : this.deps.db.transaction(run).immediate();
  }

  list(q: AnomalyQuery = {}): { anomalies: Anomaly[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit ?? 20, offset: q.offset ?? 0 };
    const status = q.status ?? 'open';
    if (status !== 'all') { where.push('status = @status'); params.status = status; }
    if (q.severity) { where.push('severity = @severity'); params.severity = q.severity; }
    if (q.entity_type) { where.push('entity_type = @entity_type'); params.entity_type = q.entity_type; }
    if (q.entity_id) { where.push('entity_id = @entity_id'); params.entity_id = q.entity_id; }
    if (q.type) { where.push('type = @type'); params.type = q.type; }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.deps.db.prepare(`SELECT COUNT(*) FROM anomalies ${filter}`).pluck().get(params) as number;
    const rows = this.deps.db.prepare(`SELECT * FROM anomalies ${filter} ORDER BY ${SEVERITY_ORDER} DESC, last_seen_at DESC, id LIMIT @limit OFFSET @offset`).all(params) as Row[];
    return { anomalies: rows.map(toAnomaly), total };
  }

  /** The open (or acknowledged) anomaly with this dedupe key, if any. */
  findOpen(dedupeKey: string): Anomaly | null {
    const row = this.stmts.openByKey.get(dedupeKey) as Row | undefined;
    return row ? toAnomaly(row) : null;
  }

  get(id: string): Anomaly | null {
    const row = this.stmts.get.get(id) as Row | undefined;
    return row ? toAnomaly(row) : null;
  }

  /** Destinations named by open or acknowledged anomalies of devices (all devices with null), for management-path screening. */
  openDeviceDestinations(deviceIds: readonly string[] | null): { anomaly_id: string; device_id: string; type: AnomalyType; destination: string }[] {
    const only = deviceIds === null ? null : new Set(deviceIds);
    const rows = this.stmts.openDeviceDestinations.all() as { id: string; entity_id: string; type: AnomalyType; observed_destinations: string }[];
    return rows.filter((r) => only === null || only.has(r.entity_id))
      .flatMap((r) => (JSON.parse(r.observed_destinations) as string[]).map((destination) => ({ anomaly_id: r.id, device_id: r.entity_id, type: r.type, destination })));
  }

  /**
   * Moves every anomaly of a discovered device to the inventory entity that claimed its address; returns
   * how many moved and the incidents they belong to. Call inside the import's transaction.
   */
  reassignEntity(fromDevice: string, to: { type: EntityType; id: string }): { moved: number; incidents: string[] } {
    const incidents = this.stmts.incidentsOf.all(fromDevice) as string[];
    return { moved: this.stmts.reassign.run(to.type, to.id, fromDevice).changes, incidents };
  }

  /** Open and acknowledged anomalies of one entity, most severe first. */
  openFor(entityType: EntityType, entityId: string): Anomaly[] {
    return (this.stmts.openFor.all(entityType, entityId) as Row[]).map(toAnomaly);
  }

  /** An analyst (or the system) changes the status: audited and event-logged in one transaction. */
  setStatus(id: string, status: AnomalyStatus, opts: { actor: Actor; reason?: string }): Anomaly {
    const now = this.deps.clock.now();
    const change = () => {
      const row = this.stmts.get.get(id) as Row | undefined;
      if (!row) throw notFound('anomaly', id);
      try {
        this.stmts.setStatus.run(status, opts.reason ?? null, now, id);
      } catch (err) {
        if (String(err).includes('UNIQUE')) throw new UserError('conflict', `anomaly '${id}' cannot be reopened: another open anomaly has the same subject`, 'status');
        throw err;
      }
      const anomaly = toAnomaly({ ...row, status, status_reason: opts.reason ?? null, status_changed_at: now });
      this.logEvent(anomaly, 'status', now, { previous_status: row.status, reason: opts.reason ?? null });
      return anomaly;
    };
    const params = { anomaly_id: id, status, reason: opts.reason ?? null };
    return this.deps.db.inTransaction
      ? (() => { const a = change(); this.deps.audit.append({ actor: opts.actor, action: 'anomaly.set_status', params, outcome: 'ok' }); return a; })()
      : this.deps.audit.record(opts.actor, 'anomaly.set_status', params, change);
  }

  /**
   * Links anomalies to an incident. Call it inside the incident operation's transaction, which
   * carries the audit entry for the whole change. Returns how many anomalies were linked.
   */
  setIncident(anomalyIds: readonly string[], incidentId: string | null): number {
    return this.stmts.setIncident.run(incidentId, JSON.stringify(anomalyIds)).changes;
  }

  private logEvent(a: Anomaly, change: 'created' | 'escalated' | 'status', ts: number, extra: Record<string, unknown> = {}): void {
    this.deps.events.append({
      event_type: 'anomaly',
      severity: a.severity,
      entity_type: a.entity_type,
      entity_id: a.entity_id,
      ts,
      data: {
        anomaly_id: a.id, entity_type: a.entity_type, entity_id: a.entity_id, ...(a.entity_type === 'device' ? { device_id: a.entity_id } : {}),
        anomaly_type: a.type, severity: a.severity, confidence: a.confidence, description: a.description,
        recommended_action: a.recommended_action, observed_destinations: a.observed_destinations, incident_id: a.incident_id,
        status: a.status, change, ...extra,
      },
    });
  }
}
