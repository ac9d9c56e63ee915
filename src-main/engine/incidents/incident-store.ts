// The incidents tables (incidents, incident_timeline), owned here alone: rows, their stored summaries
// (entities with roles and activity, indicators) and the timeline. No rules here: the service decides,
// this reads and writes. Member anomalies are the anomaly store's (anomalies.ofIncident).
import type { IncidentStatus, Severity } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { SEVERITY_ORDER } from '../anomalies/anomaly-store';
import { sql, type SqlRunner } from '../db/sql';
import type { Incident, IncidentSummary, EntitySummary, TimelineEntry, TimelineKind } from './types';

export interface IncidentRow {
  id: string; title: string; severity: Severity; status: IncidentStatus; opened_at: number; updated_at: number;
  closed_at: number | null; resolution: string | null; entities: string; indicators: string;
}

export interface IncidentQuery { status?: IncidentStatus; severity?: Severity; limit?: number; offset?: number }

const STATUS_ORDER = sql.raw(`CASE status WHEN 'open' THEN 0 WHEN 'contained' THEN 1 ELSE 2 END`);
const ACTIVE = sql.raw(`('open','contained')`);

/** An active incident as the fleet posture lists it. */
export interface ActiveIncidentSummary { id: string; title: string; severity: Severity; status: 'open' | 'contained'; entities: string[] }
/** An active incident as the compliance checks see it. */
export interface ActiveIncidentFact { id: string; severity: Severity; status: IncidentStatus; opened_at: number; updated_at: number }

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
  constructor(private readonly sql: SqlRunner) {}

  insert(id: string, summary: IncidentSummary, openedAt: number): void {
    this.sql.run(sql`INSERT INTO incidents (id, title, severity, status, opened_at, updated_at, entities, indicators)
      VALUES (${id}, ${summary.title}, ${summary.severity}, 'open', ${openedAt}, ${openedAt}, ${JSON.stringify(summary.entities)}, ${JSON.stringify(summary.indicators)})`, 'incidents.insert');
  }

  get(id: string): IncidentRow | undefined {
    return this.sql.get<IncidentRow>(sql`SELECT * FROM incidents WHERE id = ${id}`, 'incidents.get');
  }

  /** Open and contained incidents: the ones new anomalies may join. */
  active(): IncidentRow[] {
    return this.sql.all<IncidentRow>(sql`SELECT * FROM incidents WHERE status IN ${ACTIVE} ORDER BY opened_at, id`, 'incidents.active');
  }

  saveSummary(id: string, s: IncidentSummary, updatedAt: number): void {
    this.sql.run(sql`UPDATE incidents SET title = ${s.title}, severity = ${s.severity}, entities = ${JSON.stringify(s.entities)},
      indicators = ${JSON.stringify(s.indicators)}, updated_at = ${updatedAt} WHERE id = ${id}`, 'incidents.save_summary');
  }

  setStatus(id: string, status: IncidentStatus, at: number, resolution: string | null = null): void {
    this.sql.run(sql`UPDATE incidents SET status = ${status}, closed_at = ${status === 'closed' ? at : null}, resolution = ${resolution},
      updated_at = ${at} WHERE id = ${id}`, 'incidents.set_status');
  }

  addTimeline(id: string, ts: number, kind: TimelineKind, ref: string | null, summary: string): void {
    this.sql.run(sql`INSERT INTO incident_timeline (incident_id, ts, kind, ref, summary) VALUES (${id}, ${ts}, ${kind}, ${ref}, ${summary})`, 'incidents.add_timeline');
  }

  timeline(id: string): TimelineEntry[] {
    return this.sql.all<{ ts: number; kind: TimelineKind; ref: string | null; summary: string }>(sql`SELECT ts, kind, ref, summary FROM incident_timeline
      WHERE incident_id = ${id} ORDER BY ts, id`, 'incidents.timeline').map((r) => ({ ...r, ts: isoOrNull(r.ts) as string }));
  }

  /** A merge carries the absorbed incident's anomaly and action entries over to the one it joins. */
  moveTimeline(from: string, to: string): void {
    this.sql.run(sql`UPDATE incident_timeline SET incident_id = ${to} WHERE incident_id = ${from} AND kind IN ('anomaly', 'escalated', 'action')`, 'incidents.move_timeline');
  }

  list(q: IncidentQuery): { rows: IncidentRow[]; total: number } {
    const where = sql.where([q.status && sql`status = ${q.status}`, q.severity && sql`severity = ${q.severity}`]);
    const total = this.sql.value<number>(sql`SELECT COUNT(*) FROM incidents ${where}`, 'incidents.count') ?? 0;
    const rows = this.sql.all<IncidentRow>(sql`SELECT * FROM incidents ${where} ORDER BY ${STATUS_ORDER}, ${SEVERITY_ORDER} DESC, updated_at DESC, id DESC
      LIMIT ${q.limit ?? 50} OFFSET ${q.offset ?? 0}`, 'incidents.list');
    return { rows, total };
  }

  // ——— reads for other domains ———

  /** How many incidents are open or contained. */
  countActive(): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM incidents WHERE status IN ${ACTIVE}`, 'incidents.count_active') ?? 0;
  }

  /** Up to `cap` active incidents, most severe and most recently updated first, each with its source and affected entities. */
  activeSummaries(cap: number): ActiveIncidentSummary[] {
    const rows = this.sql.all<{ id: string; title: string; severity: Severity; status: 'open' | 'contained'; entities: string }>(sql`SELECT id, title, severity, status, entities
      FROM incidents WHERE status IN ${ACTIVE} ORDER BY ${SEVERITY_ORDER} DESC, updated_at DESC, id LIMIT ${cap}`, 'incidents.active_summaries');
    return rows.map((r) => ({
      id: r.id, title: r.title, severity: r.severity, status: r.status,
      entities: (JSON.parse(r.entities) as { entity_id: string; role: string }[]).filter((e) => e.role !== 'target').map((e) => e.entity_id),
    }));
  }

  /** Every active incident, oldest first, for the compliance checks. */
  activeFacts(): ActiveIncidentFact[] {
    return this.sql.all<ActiveIncidentFact>(sql`SELECT id, severity, status, opened_at, updated_at FROM incidents WHERE status IN ${ACTIVE} ORDER BY opened_at, id`, 'incidents.active_facts');
  }
}
