// The precomputed posture rows every query reads, their hourly history (for trends) and the
// posture_change events appended when an entity changes band or moves by 5 points or more.
import { scoreBand } from '@shared/domain/bands';
import type { EntityType, Severity } from '@shared/domain/enums';
import type { Db } from '../db/open';
import type { EventLog } from '../events/event-log';
import { riskFactorNames, type Assessment, type DimensionScores, type Factor, type ScoreCap } from './factor';

export type PostureEntityType = EntityType | 'fleet';
export const FLEET_ID = 'fleet';
export const HOUR_MS = 3_600_000;
/** A move this large is news even inside a band. */
export const CHANGE_EVENT_POINTS = 5;

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

export class PostureStore {
  private readonly stmts;

  constructor(private readonly db: Db, private readonly events: EventLog) {
    this.stmts = {
      get: db.prepare('SELECT * FROM posture WHERE entity_type = ? AND entity_id = ?'),
      many: db.prepare('SELECT * FROM posture WHERE entity_type = ? AND entity_id IN (SELECT value FROM json_each(?))'),
      prevScore: db.prepare('SELECT score FROM posture WHERE entity_type = ? AND entity_id = ?').pluck(),
      upsert: db.prepare(`INSERT INTO posture (entity_type, entity_id, score, identity, behavior, policy, threat, factors, cap, assessed_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(entity_type, entity_id) DO UPDATE SET score = excluded.score, identity = excluded.identity,
        behavior = excluded.behavior, policy = excluded.policy, threat = excluded.threat, factors = excluded.factors, cap = excluded.cap, assessed_at = excluded.assessed_at`),
      drop: db.prepare('DELETE FROM posture WHERE entity_type = ? AND entity_id = ?'),
      dropHour: db.prepare('DELETE FROM posture_history WHERE entity_type = ? AND entity_id = ? AND ts >= ?'),
      addHistory: db.prepare('INSERT OR REPLACE INTO posture_history (entity_type, entity_id, ts, score) VALUES (?, ?, ?, ?)'),
      scoreAt: db.prepare('SELECT score FROM posture_history WHERE entity_type = ? AND entity_id = ? AND ts <= ? ORDER BY ts DESC LIMIT 1').pluck(),
      // Keeps, per entity, the newest row before the cutoff: it is still the score "as of" any later time.
      prune: db.prepare(`DELETE FROM posture_history WHERE ts < @before AND ts < (SELECT MAX(h.ts) FROM posture_history h
        WHERE h.entity_type = posture_history.entity_type AND h.entity_id = posture_history.entity_id AND h.ts < @before)`),
    };
  }

  /** Forgets an entity that no longer exists (a discovered device merged into an inventory one); its history stays. */
  drop(type: PostureEntityType, id: string): void {
    this.stmts.drop.run(type, id);
  }

  get(type: PostureEntityType, id: string): StoredPosture | undefined {
    const row = this.stmts.get.get(type, id) as Row | undefined;
    return row && toStored(row);
  }

  getMany(type: PostureEntityType, ids: readonly string[]): Map<string, StoredPosture> {
    const out = new Map<string, StoredPosture>();
    for (const r of this.stmts.many.all(type, JSON.stringify(ids)) as Row[]) out.set(r.entity_id, toStored(r));
    return out;
  }

  /**
   * Stores an assessment (call inside a transaction). History gets a row when the score changed (at
   * most one per entity per hour: a later change in the same hour replaces it); the event log gets a
   * posture_change when the band changed or the score moved by CHANGE_EVENT_POINTS or more.
   * Returns whether the score changed.
   */
  write(type: PostureEntityType, id: string, a: Assessment, now: number): boolean {
    const prev = this.stmts.prevScore.get(type, id) as number | undefined;
    this.stmts.upsert.run(type, id, a.score, a.dims.identity, a.dims.behavior, a.dims.policy, a.dims.threat, JSON.stringify(a.factors), a.cap ? JSON.stringify(a.cap) : null, now);
    if (prev === a.score) return false;
    this.stmts.dropHour.run(type, id, Math.floor(now / HOUR_MS) * HOUR_MS);
    this.stmts.addHistory.run(type, id, now, a.score);
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
    return this.stmts.scoreAt.get(type, id, ts) as number | undefined;
  }

  pruneHistory(before: number): number {
    return this.stmts.prune.run({ before }).changes;
  }
}
