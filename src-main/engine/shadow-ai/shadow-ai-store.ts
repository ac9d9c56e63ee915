// The shadow-AI store: owns the shadow_ai_* tables (sightings, timeline, PII counts, review queue,
// analyst-classified services, approvals, state). Discovery adds to it in the ingest batch's
// transaction; the service reads and decides through it. No other code touches these tables.
import type { AiServiceAudience, AiServiceKind, ReviewStatus, SightingSource } from '@shared/domain/shadow-ai';
import { sql, type SqlRunner } from '../db/sql';
import type { CustomService } from './catalogue';

export interface SightingDelta {
  service_id: string; channel: string; source: SightingSource; entity_type: string; entity_id: string; user_id: string;
  first: number; last: number; count: number; bytes_up: number; host: string;
}
export interface ServiceTotals {
  service_id: string; first_seen: number; last_seen: number; count: number; bytes_up: number;
  users: number; devices: number; channels: string; sources: string;
}
export interface SightingRow {
  service_id: string; channel: string; source: SightingSource; entity_type: string; entity_id: string; user_id: string;
  first_seen: number; last_seen: number; count: number; bytes_up: number; example_host: string | null;
}
export interface ReviewRow {
  domain: string; example_host: string; reason: string; first_seen: number; last_seen: number; count: number;
  status: ReviewStatus; decided_by: string | null; decided_at: number | null; note: string | null;
}
export interface ApprovalRow { service_id: string; owner: string | null; data_classes: string; note: string | null; approved_by: string; approved_at: number }
export interface PiiRow { service_id: string; category: string; entity_id: string; user_id: string; hour: number; count: number }

export const HOUR_MS = 3_600_000;

export class ShadowAiStore {
  /**
   * Counts this process's writes: a reader that caches what it derives from these tables (the AI
   * posture composite) compares it to know its copy is stale. Another process's writes are seen when
   * that cache expires.
   */
  version = 0;

  constructor(private readonly sql: SqlRunner) {}

  /** Adds sightings; returns the services that had none before (newly discovered). */
  addSightings(deltas: Iterable<SightingDelta>): Set<string> {
    this.version++;
    const q = this.sql;
    const fresh = new Set<string>();
    const known = new Map<string, boolean>();
    const up = q.statement('shadowAi.sighting', `INSERT INTO shadow_ai_sightings (service_id, channel, source, entity_type, entity_id, user_id, first_seen, last_seen, count, bytes_up, example_host)
      VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (service_id, channel, source, entity_id, user_id) DO UPDATE SET
      first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen), count = count + excluded.count,
      bytes_up = bytes_up + excluded.bytes_up, entity_type = excluded.entity_type`);
    for (const d of deltas) {
      let had = known.get(d.service_id);
      if (had === undefined) {
        had = q.value<number>(sql`SELECT 1 FROM shadow_ai_sightings WHERE service_id = ${d.service_id} LIMIT 1`) !== undefined;
        known.set(d.service_id, true);
        if (!had) fresh.add(d.service_id);
      }
      up.run(d.service_id, d.channel, d.source, d.entity_type, d.entity_id, d.user_id, d.first, d.last, d.count, d.bytes_up, d.host);
    }
    return fresh;
  }

  addTimeline(points: Iterable<{ service_id: string; source: SightingSource; hour: number; count: number; bytes_up: number }>): void {
    this.version++;
    const st = this.sql.statement('shadowAi.timeline', `INSERT INTO shadow_ai_timeline (service_id, source, hour, count, bytes_up) VALUES (?,?,?,?,?)
      ON CONFLICT (service_id, source, hour) DO UPDATE SET count = count + excluded.count, bytes_up = bytes_up + excluded.bytes_up`);
    for (const p of points) st.run(p.service_id, p.source, p.hour, p.count, p.bytes_up);
  }

  addPii(rows: Iterable<PiiRow>): void {
    this.version++;
    const st = this.sql.statement('shadowAi.pii', `INSERT INTO shadow_ai_pii (service_id, category, entity_id, user_id, hour, count) VALUES (?,?,?,?,?,?)
      ON CONFLICT (service_id, category, entity_id, user_id, hour) DO UPDATE SET count = count + excluded.count`);
    for (const r of rows) st.run(r.service_id, r.category, r.entity_id, r.user_id, r.hour, r.count);
  }

  /** PII detections for one service since `since` (the pii_spike window). */
  piiCountSince(serviceId: string, since: number): number {
    return this.sql.value<number>(sql`SELECT COALESCE(SUM(count), 0) FROM shadow_ai_pii WHERE service_id = ${serviceId} AND hour >= ${since}`) ?? 0;
  }

  piiTotals(): { service_id: string; category: string; count: number }[] {
    return this.sql.all(sql`SELECT service_id, category, SUM(count) AS count FROM shadow_ai_pii GROUP BY service_id, category ORDER BY service_id, category`);
  }

  totals(): ServiceTotals[] {
    return this.sql.all<ServiceTotals>(sql`SELECT service_id, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen, SUM(count) AS count, SUM(bytes_up) AS bytes_up,
      COUNT(DISTINCT NULLIF(user_id, '')) AS users, COUNT(DISTINCT CASE WHEN entity_type = 'device' THEN entity_id END) AS devices,
      GROUP_CONCAT(DISTINCT channel) AS channels, GROUP_CONCAT(DISTINCT source) AS sources
      FROM shadow_ai_sightings GROUP BY service_id`);
  }

  sightingsOf(serviceId: string): SightingRow[] {
    return this.sql.all<SightingRow>(sql`SELECT * FROM shadow_ai_sightings WHERE service_id = ${serviceId} ORDER BY last_seen DESC LIMIT 1000`);
  }

  timelineOf(serviceId: string): { hour: number; count: number; bytes_up: number }[] {
    return this.sql.all(sql`SELECT hour, SUM(count) AS count, SUM(bytes_up) AS bytes_up FROM shadow_ai_timeline WHERE service_id = ${serviceId} GROUP BY hour ORDER BY hour DESC LIMIT 720`);
  }

  piiOf(serviceId: string): PiiRow[] {
    return this.sql.all<PiiRow>(sql`SELECT * FROM shadow_ai_pii WHERE service_id = ${serviceId} ORDER BY hour DESC LIMIT 1000`);
  }

  /** Records an unknown AI-looking name (unless already decided); true when it is new to the queue. */
  upsertReview(domain: string, host: string, reason: string, first: number, last: number, count: number): boolean {
    this.version++;
    const existing = this.sql.value<string>(sql`SELECT status FROM shadow_ai_review WHERE domain = ${domain}`);
    if (existing === undefined) {
      this.sql.run(sql`INSERT INTO shadow_ai_review (domain, example_host, reason, first_seen, last_seen, count) VALUES (${domain}, ${host}, ${reason}, ${first}, ${last}, ${count})`);
      return true;
    }
    this.sql.run(sql`UPDATE shadow_ai_review SET first_seen = MIN(first_seen, ${first}), last_seen = MAX(last_seen, ${last}), count = count + ${count} WHERE domain = ${domain}`);
    return false;
  }

  review(status: ReviewStatus | 'all'): ReviewRow[] {
    return status === 'all'
      ? this.sql.all<ReviewRow>(sql`SELECT * FROM shadow_ai_review ORDER BY last_seen DESC LIMIT 1000`)
      : this.sql.all<ReviewRow>(sql`SELECT * FROM shadow_ai_review WHERE status = ${status} ORDER BY last_seen DESC LIMIT 1000`);
  }

  reviewItem(domain: string): ReviewRow | undefined {
    return this.sql.get<ReviewRow>(sql`SELECT * FROM shadow_ai_review WHERE domain = ${domain}`);
  }

  decideReview(domain: string, status: ReviewStatus, by: string, at: number, note: string | null): void {
    this.version++;
    this.sql.run(sql`UPDATE shadow_ai_review SET status = ${status}, decided_by = ${by}, decided_at = ${at}, note = ${note} WHERE domain = ${domain}`);
  }

  dismissedDomains(): string[] {
    return this.sql.column<string>(sql`SELECT domain FROM shadow_ai_review WHERE status = 'dismissed'`);
  }

  customServices(): CustomService[] {
    return this.sql.all<{ id: string; name: string; vendor: string; kind: AiServiceKind; audience: AiServiceAudience; domains: string }>(
      sql`SELECT id, name, vendor, kind, audience, domains FROM shadow_ai_custom_services ORDER BY id`,
    ).map((r) => ({ ...r, domains: JSON.parse(r.domains) as string[] }));
  }

  addCustomService(s: CustomService, by: string, at: number): void {
    this.version++;
    this.sql.run(sql`INSERT OR REPLACE INTO shadow_ai_custom_services (id, name, vendor, kind, audience, domains, added_by, added_at)
      VALUES (${s.id}, ${s.name}, ${s.vendor}, ${s.kind}, ${s.audience}, ${JSON.stringify(s.domains)}, ${by}, ${at})`);
  }

  approvals(): ApprovalRow[] {
    return this.sql.all<ApprovalRow>(sql`SELECT * FROM shadow_ai_approvals ORDER BY service_id`);
  }

  approve(a: ApprovalRow): void {
    this.version++;
    this.sql.run(sql`INSERT OR REPLACE INTO shadow_ai_approvals (service_id, owner, data_classes, note, approved_by, approved_at)
      VALUES (${a.service_id}, ${a.owner}, ${a.data_classes}, ${a.note}, ${a.approved_by}, ${a.approved_at})`);
  }

  revoke(serviceId: string): boolean {
    this.version++;
    return this.sql.run(sql`DELETE FROM shadow_ai_approvals WHERE service_id = ${serviceId}`).changes > 0;
  }

  state(key: string): string | undefined {
    return this.sql.value<string>(sql`SELECT value FROM shadow_ai_state WHERE key = ${key}`);
  }

  setState(key: string, value: string): void {
    this.version++;
    this.sql.run(sql`INSERT OR REPLACE INTO shadow_ai_state (key, value) VALUES (${key}, ${value})`);
  }

  /** Before retro-discovery: what network telemetry contributed goes (the extension's and Copilot's stay). */
  clearNetwork(): void {
    this.version++;
    this.sql.run(sql`DELETE FROM shadow_ai_sightings WHERE source = 'network'`);
    this.sql.run(sql`DELETE FROM shadow_ai_timeline WHERE source = 'network'`);
    this.sql.run(sql`DELETE FROM shadow_ai_review WHERE status = 'pending'`);
  }

  /** Any discovery data at all (the Shadow AI score is "not assessed" without). */
  hasAny(): boolean {
    return this.sql.value<number>(sql`SELECT 1 FROM shadow_ai_sightings LIMIT 1`) !== undefined
      || this.sql.value<number>(sql`SELECT 1 FROM shadow_ai_review WHERE status = 'pending' LIMIT 1`) !== undefined;
  }
}
