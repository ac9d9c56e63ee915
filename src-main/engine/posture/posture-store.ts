// The precomputed posture rows every query reads, their hourly history (for trends) and the
// posture_change events appended when an entity changes band or moves by 5 points or more. The one
// owner of the `posture` and `posture_history` tables: the fleet aggregates and the compliance checks
// read them through the methods here.
import { scoreBand } from '@shared/domain/bands';
import type { EntityType, Severity } from '@shared/domain/enums';
import type { FleetFactor } from '@shared/contract/operations/posture-schemas';
import type { PostureDimension } from '@shared/domain/bands';
import { sql, type SqlRunner } from '../db/sql';
import type { EventLog } from '../events/event-log';
import { riskFactorNames, type Assessment, type DimensionScores, type Factor, type ScoreCap } from './factor';

export type PostureEntityType = EntityType | 'fleet';
export const FLEET_ID = 'fleet';
export const HOUR_MS = 3_600_000;
/** A move this large is news even inside a band. */
const CHANGE_EVENT_POINTS = 5;

export interface StoredPosture {
  score: number;
  dims: DimensionScores;
  factors: Factor[];
  cap: ScoreCap | null;
  assessed_at: number;
}

interface Row { entity_id: string; score: number; identity: number; behavior: number; policy: number; threat: number; factors: string; cap: string | null; assessed_at: number }

const toStored = (r: Row): StoredPosture => ({
  score: r.score,
  dims: { identity: r.identity, behavior: r.behavior, policy: r.policy, threat: r.threat },
  factors: JSON.parse(r.factors) as Factor[],
  cap: r.cap ? (JSON.parse(r.cap) as ScoreCap) : null,
  assessed_at: r.assessed_at,
});

const EVENT_SEVERITY: Record<ReturnType<typeof scoreBand>, Severity> = { high_risk: 'high', moderate: 'medium', healthy: 'low' };

/** Devices and workloads: the entities the fleet score averages (users are not counted twice). */
const FLEET_MEMBERS = sql.raw(`entity_type IN ('device','workload')`);

export class PostureStore {
  constructor(private readonly sql: SqlRunner, private readonly events: EventLog) {}

  /** Forgets an entity that no longer exists (a discovered device merged into an inventory one); its history stays. */
  drop(type: PostureEntityType, id: string): void {
    this.sql.run(sql`DELETE FROM posture WHERE entity_type = ${type} AND entity_id = ${id}`, 'posture.drop');
  }

  get(type: PostureEntityType, id: string): StoredPosture | undefined {
    const row = this.sql.get<Row>(sql`SELECT * FROM posture WHERE entity_type = ${type} AND entity_id = ${id}`, 'posture.get');
    return row && toStored(row);
  }

  getMany(type: PostureEntityType, ids: readonly string[]): Map<string, StoredPosture> {
    const out = new Map<string, StoredPosture>();
    const rows = this.sql.all<Row>(sql`SELECT * FROM posture WHERE entity_type = ${type} AND entity_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, 'posture.get_many');
    for (const r of rows) out.set(r.entity_id, toStored(r));
    return out;
  }

  /** When each stored entity of a kind was last assessed. */
  assessedAts(type: EntityType): Map<string, number> {
    const rows = this.sql.all<{ entity_id: string; assessed_at: number }>(sql`SELECT entity_id, assessed_at FROM posture WHERE entity_type = ${type}`, 'posture.assessed_ats');
    return new Map(rows.map((r) => [r.entity_id, r.assessed_at]));
  }

  /**
   * Stores an assessment (call inside a transaction). History gets a row when the score changed (at
   * most one per entity per hour: a later change in the same hour replaces it); the event log gets a
   * posture_change when the band changed or the score moved by CHANGE_EVENT_POINTS or more.
   * Returns whether the score changed.
   */
  write(type: PostureEntityType, id: string, a: Assessment, now: number): boolean {
    const prev = this.sql.value<number>(sql`SELECT score FROM posture WHERE entity_type = ${type} AND entity_id = ${id}`, 'posture.prev_score');
    this.sql.run(sql`INSERT INTO posture (entity_type, entity_id, score, identity, behavior, policy, threat, factors, cap, assessed_at)
      VALUES (${type}, ${id}, ${a.score}, ${a.dims.identity}, ${a.dims.behavior}, ${a.dims.policy}, ${a.dims.threat}, ${JSON.stringify(a.factors)}, ${a.cap ? JSON.stringify(a.cap) : null}, ${now})
      ON CONFLICT(entity_type, entity_id) DO UPDATE SET score = excluded.score, identity = excluded.identity, behavior = excluded.behavior,
      policy = excluded.policy, threat = excluded.threat, factors = excluded.factors, cap = excluded.cap, assessed_at = excluded.assessed_at`, 'posture.upsert');
    if (prev === a.score) return false;
    this.sql.run(sql`DELETE FROM posture_history WHERE entity_type = ${type} AND entity_id = ${id} AND ts >= ${Math.floor(now / HOUR_MS) * HOUR_MS}`, 'posture.drop_hour');
    this.sql.run(sql`INSERT OR REPLACE INTO posture_history (entity_type, entity_id, ts, score) VALUES (${type}, ${id}, ${now}, ${a.score})`, 'posture.add_history');
    if (prev !== undefined && (scoreBand(prev) !== scoreBand(a.score) || Math.abs(a.score - prev) >= CHANGE_EVENT_POINTS)) {
      const fleet = type === 'fleet';
      this.events.append({
        event_type: 'posture_change',
        severity: EVENT_SEVERITY[scoreBand(a.score)],
        entity_type: fleet ? null : type,
        entity_id: fleet ? null : id,
        ts: now,
        data: {
          scope: fleet ? 'fleet' : type, entity_id: id, previous_score: prev, score: a.score, risk_score: 100 - a.score,
          previous_band: scoreBand(prev), band: scoreBand(a.score), risk_factors: riskFactorNames(a.factors).slice(0, 5),
        },
      });
    }
    return true;
  }

  /** The score an entity had at `ts` (the last history row at or before it). */
  scoreAt(type: PostureEntityType, id: string, ts: number): number | undefined {
    return this.sql.value<number>(sql`SELECT score FROM posture_history WHERE entity_type = ${type} AND entity_id = ${id} AND ts <= ${ts} ORDER BY ts DESC LIMIT 1`, 'posture.score_at');
  }

  /** An entity's recorded scores from `since` on, oldest first, after the score in force at `since` (if any). */
  historySince(type: PostureEntityType, id: string, since: number): { ts: number; score: number }[] {
    const before = this.scoreAt(type, id, since);
    const rows = this.sql.all<{ ts: number; score: number }>(sql`SELECT ts, score FROM posture_history WHERE entity_type = ${type} AND entity_id = ${id} AND ts > ${since} ORDER BY ts`, 'posture.history_since');
    return before === undefined ? rows : [{ ts: since, score: before }, ...rows];
  }

  /** Drops history before `before`, keeping per entity the newest row before it: still the score "as of" any later time. */
  pruneHistory(before: number): number {
    return this.sql.run(sql`DELETE FROM posture_history WHERE ts < ${before} AND ts < (SELECT MAX(h.ts) FROM posture_history h
      WHERE h.entity_type = posture_history.entity_type AND h.entity_id = posture_history.entity_id AND h.ts < ${before})`, 'posture.prune_history').changes;
  }

  // ——— fleet aggregates over the device and workload rows ———

  /** How many devices and workloads, and their average score and dimensions (null without any). */
  fleetAverages(): { n: number; score: number | null } & Record<PostureDimension, number | null> {
    return this.sql.get(sql`SELECT COUNT(*) AS n, AVG(score) AS score, AVG(identity) AS identity, AVG(behavior) AS behavior, AVG(policy) AS policy, AVG(threat) AS threat
      FROM posture WHERE ${FLEET_MEMBERS}`, 'posture.fleet_averages')!;
  }

  /** Each factor summed over the devices and workloads carrying it (raw points, before weighting). */
  fleetFactorSums(): (Pick<FleetFactor, 'dimension' | 'factor' | 'entities'> & { points: number })[] {
    return this.sql.all(sql`SELECT j.value ->> 'dimension' AS dimension, j.value ->> 'factor' AS factor, COUNT(DISTINCT p.entity_type || ':' || p.entity_id) AS entities,
      SUM(j.value ->> 'points') AS points FROM posture p, json_each(p.factors) j WHERE p.${FLEET_MEMBERS} GROUP BY 1, 2`, 'posture.fleet_factor_sums');
  }

  /** Devices scoring `maxScore` or less, lowest first, up to `cap`. */
  lowestDevices(maxScore: number, cap: number): { entity_id: string; score: number; factors: Factor[]; cap: ScoreCap | null }[] {
    return this.sql.all<{ entity_id: string; score: number; factors: string; cap: string | null }>(sql`SELECT entity_id, score, factors, cap FROM posture
      WHERE entity_type = 'device' AND score <= ${maxScore} ORDER BY score, entity_id LIMIT ${cap}`, 'posture.lowest_devices')
      .map((r) => ({ entity_id: r.entity_id, score: r.score, factors: JSON.parse(r.factors) as Factor[], cap: r.cap ? (JSON.parse(r.cap) as ScoreCap) : null }));
  }

  /** Devices and workloads assessed, in all or since `since`. */
  countAssessed(since?: number): number {
    const q = since === undefined
      ? sql`SELECT COUNT(*) FROM posture WHERE ${FLEET_MEMBERS}`
      : sql`SELECT COUNT(*) FROM posture WHERE ${FLEET_MEMBERS} AND assessed_at >= ${since}`;
    return this.sql.value<number>(q, 'posture.count_assessed') ?? 0;
  }

  /** Devices and workloads per score band (the bands of scoreBand). */
  bandCounts(): { high_risk: number; moderate: number; healthy: number } {
    return this.sql.get<{ high_risk: number; moderate: number; healthy: number }>(sql`SELECT COALESCE(SUM(score <= 40), 0) AS high_risk,
      COALESCE(SUM(score > 40 AND score <= 70), 0) AS moderate, COALESCE(SUM(score > 70), 0) AS healthy FROM posture WHERE ${FLEET_MEMBERS}`, 'posture.band_counts')!;
  }
}
