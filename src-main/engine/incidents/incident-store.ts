// The incidents tables: rows, their stored summaries (entities with roles and activity, indicators),
// the timeline, and the member anomalies. No rules here: the service decides, this reads and writes.
import type { EntityType, IncidentStatus, Severity } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { toAnomaly } from '../anomalies/anomaly-store';
import type { Anomaly } from '../anomalies/types';
import type { Db } from '../db/open';
import type { Incident, IncidentSummary, EntitySummary, TimelineEntry, TimelineKind } from './types';

export interface IncidentRow {
  id: string; title: string; severity: Severity; status: IncidentStatus; opened_at: number; updated_at: number;
  closed_at: number | null; resolution: string | null; entities: string; indicators: string;
}

export interface IncidentQuery { status?: IncidentStatus; severity?: Severity; limit?: number; offset?: number }

const SEVERITY_ORDER = `CASE severity WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END`;
const STATUS_ORDER = `CASE status WHEN 'open' THEN 0 WHEN 'contained' THEN 1 ELSE 2 END`;

/**
 * Parsed summaries by incident id, reused while the stored JSON is unchanged: grouping reads every active
 * incident's summary for each new anomaly, and parsing them all each time dominated a busy ingest.
 * Callers treat the arrays as read-only.
 */
const parsed = new Map<string, { entities: string; indicators: string; value: Pick<IncidentSummary, 'entities' | 'indicators'> }>();
const PARSED_MAX = 2000;

export function summaryOf(row: IncidentRow): IncidentSummary {
  let hit = parsed.get(row.id);
  if (!hit || hit.entities !== row.entities || hit.indicators !== row.indicators) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    hit = { entities: row.entities, indicators: row.indicators, value: { entities: JSON.parse(row.entities) as EntitySummary[], indicators: JSON.parse(row.indicators) as string[] } };
    parsed.set(row.id, hit);
  }
  return { title: row.title, severity: row.severity, ...hit.value };
}

export function toIncident(row: IncidentRow): Incident {
  const s = summaryOf(row);
  const active = s.entities.filter((e) => e.role !== 'target');
  return {
    id: row.id, title: row.title, severity: row.severity, status: row.status,
    opened_at: isoOrNull(row.opened_at) as string, updated_at: isoOrNull(row.updated_at) as string,
    closed_at: isoOrNull(row.closed_at), resolution: row.resolution,
    anomaly_count: s.entities.reduce((n, e) => n + e.anomaly_count, 0),
    first_activity_at: active.length ? isoOrNull(Math.min(...active.map((e) => e.first_activity_at))) : null,
    last_activity_at: active.length ? isoOrNull(Math.max(...active.map((e) => e.last_activity_at))) : null,
    entities: s.entities.map((e) => ({ ...e, first_activity_at: isoOrNull(e.first_activity_at) as string, last_activity_at: isoOrNull(e.last_activity_at) as string })),
    indicators: s.indicators,
  };
}

export class IncidentStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO incidents (id, title, severity, status, opened_at, updated_at, entities, indicators)
        VALUES (@id, @title, @severity, 'open', @opened_at, @opened_at, @entities, @indicators)`),
      get: db.prepare('SELECT * FROM incidents WHERE id = ?'),
      active: db.prepare(`SELECT * FROM incidents WHERE status IN ('open','contained') ORDER BY opened_at, id`),
      summary: db.prepare('UPDATE incidents SET title = @title, severity = @severity, entities = @entities, indicators = @indicators, updated_at = @updated_at WHERE id = @id'),
      status: db.prepare('UPDATE incidents SET status = @status, closed_at = @closed_at, resolution = @resolution, updated_at = @updated_at WHERE id = @id'),
      members: db.prepare('SELECT * FROM anomalies WHERE incident_id = ? ORDER BY detected_at, id'),
      unlinked: db.prepare(`SELECT * FROM anomalies WHERE entity_id = @entity_id AND status IN ('open','acknowledged') AND entity_type = @entity_type
        AND incident_id IS NULL AND last_seen_at >= @from AND detected_at <= @to ORDER BY detected_at, id`),
      addTimeline: db.prepare('INSERT INTO incident_timeline (incident_id, ts, kind, ref, summary) VALUES (?, ?, ?, ?, ?)'),
      timeline: db.prepare('SELECT ts, kind, ref, summary FROM incident_timeline WHERE incident_id = ? ORDER BY ts, id'),
      moveTimeline: db.prepare('UPDATE incident_timeline SET incident_id = ? WHERE incident_id = ? AND kind IN (\'anomaly\', \'escalated\', \'action\')'),
    };
  }

  insert(id: string, summary: IncidentSummary, openedAt: number): void {
    this.stmts.insert.run({ id, title: summary.title, severity: summary.severity, opened_at: openedAt, entities: JSON.stringify(summary.entities), indicators: JSON.stringify(summary.indicators) });
  }

  get(id: string): IncidentRow | undefined {
    return this.stmts.get.get(id) as IncidentRow | undefined;
  }

  /** Open and contained incidents: the ones new anomalies may join. */
  active(): IncidentRow[] {
    return this.stmts.active.all() as IncidentRow[];
  }

  saveSummary(id: string, s: IncidentSummary, updatedAt: number): void {
    this.stmts.summary.run({ id, title: s.title, severity: s.severity, entities: JSON.stringify(s.entities), indicators: JSON.stringify(s.indicators), updated_at: updatedAt });
  }

  setStatus(id: string, status: IncidentStatus, at: number, resolution: string | null = null): void {
    this.stmts.status.run({ id, status, closed_at: status === 'closed' ? at : null, resolution, updated_at: at });
  }

  members(id: string): Anomaly[] {
    return (this.stmts.members.all(id) as Parameters<typeof toAnomaly>[0][]).map(toAnomaly);
  }

  /** Open anomalies of an entity in no incident whose activity touches [from, to] (data time). */
  unlinked(entityType: EntityType, entityId: string, from: number, to: number): Anomaly[] {
    return (this.stmts.unlinked.all({ entity_type: entityType, entity_id: entityId, from, to }) as Parameters<typeof toAnomaly>[0][]).map(toAnomaly);
  }

  addTimeline(id: string, ts: number, kind: TimelineKind, ref: string | null, summary: string): void {
    this.stmts.addTimeline.run(id, ts, kind, ref, summary);
  }

  timeline(id: string): TimelineEntry[] {
    return (this.stmts.timeline.all(id) as { ts: number; kind: TimelineKind; ref: string | null; summary: string }[]).map((r) => ({ ...r, ts: isoOrNull(r.ts) as string }));
  }

  /** A merge carries the absorbed incident's anomaly and action entries over to the one it joins. */
  moveTimeline(from: string, to: string): void {
    this.stmts.moveTimeline.run(to, from);
  }

  list(q: IncidentQuery): { rows: IncidentRow[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit ?? 50, offset: q.offset ?? 0 };
    if (q.status) { where.push('status = @status'); params.status = q.status; }
    if (q.severity) { where.push('severity = @severity'); params.severity = q.severity; }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT COUNT(*) FROM incidents ${filter}`).pluck().get(params) as number;
    const rows = this.db.prepare(`SELECT * FROM incidents ${filter} ORDER BY ${STATUS_ORDER}, ${SEVERITY_ORDER} DESC, updated_at DESC, id DESC LIMIT @limit OFFSET @offset`).all(params) as IncidentRow[];
    return { rows, total };
  }
}
