// The AI anomaly store: owns ai_anomalies. Detectors of the AI estate (MCP scanning, AI posture, shadow-AI
// discovery) report findings here; a repeat of an open finding (same dedupe key) updates it instead of
// adding another. New findings and escalations go to the event log in the caller's transaction (the live
// stream and the console see them); analysts' status changes are audited.
import type { AiAnomaly } from '@shared/contract/operations/ai-anomalies';
import type { Actor } from '@shared/domain/actor';
import type { AiAnomalyType, AiSubjectKind } from '@shared/domain/ai-assets';
import type { AnomalyStatus, Severity } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { SEVERITY_ORDER } from '../anomalies/anomaly-store';
import { SEVERITY_RANK, maxSeverity } from '../anomalies/types';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import { UserError, invalid, notFound } from '../errors';
import type { EventLog } from '../events/event-log';
import { prefixedId } from '../util/ulid';

export interface AiAnomalyStoreDeps { sql: SqlRunner; clock: Clock; audit: AuditLog; events: EventLog }

export interface AiFinding {
  subject_kind: AiSubjectKind;
  subject_id: string;
  subject_name?: string | null;
  type: AiAnomalyType;
  severity: Severity;
  confidence: number;
  description: string;
  recommended_action: string;
  evidence: Record<string, unknown>;
  /** Defaults to subject and type: one open finding per subject and type. */
  dedupe_key?: string;
  detected_at?: number;
}

export interface AiAnomalyQuery {
  severity?: Severity;
  type?: AiAnomalyType;
  subject_kind?: AiSubjectKind;
  subject_id?: string;
  status?: AnomalyStatus | 'all';
  limit: number;
  offset: number;
}

interface Row {
  id: string; subject_kind: AiSubjectKind; subject_id: string; subject_name: string | null; type: AiAnomalyType; severity: Severity;
  confidence: number; detected_at: number; last_seen_at: number; occurrences: number; description: string; recommended_action: string;
  evidence: string; status: AnomalyStatus; status_reason: string | null; status_changed_at: number | null; dedupe_key: string;
}

const clamp01 = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 100) / 100;

function toAiAnomaly(r: Row): AiAnomaly {
  return {
    id: r.id, subject_kind: r.subject_kind, subject_id: r.subject_id, subject_name: r.subject_name, type: r.type, severity: r.severity,
    confidence: r.confidence, detected_at: isoOrNull(r.detected_at) as string, last_seen_at: isoOrNull(r.last_seen_at) as string,
    occurrences: r.occurrences, description: r.description, recommended_action: r.recommended_action,
    evidence: JSON.parse(r.evidence) as Record<string, unknown>, status: r.status, status_reason: r.status_reason,
    status_changed_at: isoOrNull(r.status_changed_at),
  };
}

export class AiAnomalyStore {
  constructor(private readonly deps: AiAnomalyStoreDeps) {}

  /** Records a finding: a new AI anomaly, or an update of the open one with the same dedupe key. */
  report(f: AiFinding): { anomaly: AiAnomaly; created: boolean } {
    const q = this.deps.sql;
    const now = f.detected_at ?? this.deps.clock.now();
    const key = f.dedupe_key ?? `${f.subject_kind}:${f.subject_id}:${f.type}`;
    return q.transaction(() => {
      const existing = q.get<Row>(sql`SELECT * FROM ai_anomalies WHERE dedupe_key = ${key} AND status IN ('open', 'acknowledged')`);
      if (!existing) {
        const row: Row = {
          id: prefixedId('aia', now), subject_kind: f.subject_kind, subject_id: f.subject_id, subject_name: f.subject_name ?? null, type: f.type,
          severity: f.severity, confidence: clamp01(f.confidence), detected_at: now, last_seen_at: now, occurrences: 1, description: f.description,
          recommended_action: f.recommended_action, evidence: JSON.stringify(f.evidence), status: 'open', status_reason: null, status_changed_at: null, dedupe_key: key,
        };
        q.run(sql`INSERT INTO ai_anomalies (${sql.raw(Object.keys(row).join(', '))}) VALUES ${sql.list(Object.values(row))}`);
        const anomaly = toAiAnomaly(row);
        this.announce(anomaly, 'created');
        return { anomaly, created: true };
      }
      const severity = maxSeverity(existing.severity, f.severity);
      const escalated = SEVERITY_RANK[severity] > SEVERITY_RANK[existing.severity];
      // The description follows the strongest sighting so far: it carries what justifies the severity.
      const takeNew = SEVERITY_RANK[f.severity] >= SEVERITY_RANK[existing.severity];
      const row: Row = {
        ...existing, severity, confidence: clamp01(Math.max(existing.confidence, f.confidence)), last_seen_at: Math.max(existing.last_seen_at, now),
        occurrences: existing.occurrences + 1, description: takeNew ? f.description : existing.description,
        recommended_action: takeNew ? f.recommended_action : existing.recommended_action,
        evidence: JSON.stringify(takeNew ? f.evidence : { ...f.evidence, ...(JSON.parse(existing.evidence) as Record<string, unknown>) }),
        subject_name: f.subject_name ?? existing.subject_name,
      };
      q.run(sql`UPDATE ai_anomalies SET severity = ${row.severity}, confidence = ${row.confidence}, last_seen_at = ${row.last_seen_at},
        occurrences = ${row.occurrences}, description = ${row.description}, recommended_action = ${row.recommended_action},
        evidence = ${row.evidence}, subject_name = ${row.subject_name} WHERE id = ${row.id}`);
      const anomaly = toAiAnomaly(row);
      if (escalated) this.announce(anomaly, 'escalated');
      return { anomaly, created: false };
    });
  }

  list(query: AiAnomalyQuery): { anomalies: AiAnomaly[]; total: number } {
    const status = query.status ?? 'open';
    const where = sql.where([
      status !== 'all' && sql`status = ${status}`,
      query.severity && sql`severity = ${query.severity}`,
      query.type && sql`type = ${query.type}`,
      query.subject_kind && sql`subject_kind = ${query.subject_kind}`,
      query.subject_id && sql`subject_id = ${query.subject_id}`,
    ]);
    const total = this.deps.sql.value<number>(sql`SELECT COUNT(*) FROM ai_anomalies ${where}`) ?? 0;
    const rows = this.deps.sql.all<Row>(sql`SELECT * FROM ai_anomalies ${where} ORDER BY ${SEVERITY_ORDER} DESC, last_seen_at DESC, id LIMIT ${query.limit} OFFSET ${query.offset}`);
    return { anomalies: rows.map(toAiAnomaly), total };
  }

  get(id: string): AiAnomaly {
    const row = this.deps.sql.get<Row>(sql`SELECT * FROM ai_anomalies WHERE id = ${id}`);
    if (!row) throw notFound('anomaly_id', id);
    return toAiAnomaly(row);
  }

  /** Open and acknowledged findings about one subject, most severe first (for scores and explanations). */
  openFor(subjectId: string): AiAnomaly[] {
    return this.deps.sql.all<Row>(sql`SELECT * FROM ai_anomalies WHERE subject_id = ${subjectId} AND status IN ('open', 'acknowledged')
      ORDER BY ${SEVERITY_ORDER} DESC, last_seen_at DESC`).map(toAiAnomaly);
  }

  /** The system closes a finding whose cause is gone (a pin re-approved, a trifecta broken): audited under the actor given. */
  resolveOpen(dedupeKey: string, reason: string, actor: Actor): AiAnomaly | null {
    const row = this.deps.sql.get<Row>(sql`SELECT * FROM ai_anomalies WHERE dedupe_key = ${dedupeKey} AND status IN ('open', 'acknowledged')`);
    return row ? this.setStatus(row.id, 'resolved', reason, actor) : null;
  }

  setStatus(id: string, status: Exclude<AnomalyStatus, 'open'>, reason: string | undefined, actor: Actor): AiAnomaly {
    if ((status === 'resolved' || status === 'false_positive') && !reason) throw invalid('reason', `is required to mark an anomaly ${status}`);
    const current = this.get(id);
    return this.deps.audit.record(actor, 'ai.setAnomalyStatus', { anomaly_id: id, status, reason: reason ?? null }, () => {
      const now = this.deps.clock.now();
      try {
        this.deps.sql.run(sql`UPDATE ai_anomalies SET status = ${status}, status_reason = ${reason ?? null}, status_changed_at = ${now} WHERE id = ${id}`);
      } catch (err) {
        if (String(err).includes('UNIQUE')) throw new UserError('conflict', `anomaly '${id}' cannot be reopened: another open anomaly has the same subject`, 'status');
        throw err;
      }
      const anomaly = { ...current, status, status_reason: reason ?? null, status_changed_at: isoOrNull(now) };
      this.announce(anomaly, 'status');
      return anomaly;
    });
  }

  private announce(a: AiAnomaly, change: 'created' | 'escalated' | 'status'): void {
    this.deps.events.append({
      event_type: 'ai_anomaly', severity: a.severity, entity_id: a.subject_id,
      data: { change, anomaly_id: a.id, type: a.type, subject_kind: a.subject_kind, subject_name: a.subject_name, status: a.status, description: a.description },
    });
  }
}
