// The stored baselines as other domains read them: posture's behavioral_baseline and its bulk facts,
// compliance's counts, the rebuild's reset. The baseline tables (baselines, entity_destinations,
// entity_hourly, entity_learned, derived_journal, dns_names, dns_learned) belong to this domain; BaselineStore is
// the pipeline's in-memory writer, this is the narrow SQL view for everyone else (no in-memory state,
// so it also sees what another process, e.g. a CLI ingest, wrote since this one started).
import type { EntityType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';
import { HOUR_MS } from './entity-stats';
import type { BehavioralBaseline } from './baseline-store';

export interface Sample { count: number; ids: string[] }
export interface BaselineFactRow { entity_id: string; established: number; hours_observed: number; deviation_score: number }

/** The tables derived from events that `db rebuild-derived` empties and refills (firmware judgements are the pipeline's). */
export const BASELINE_TABLES = ['entity_destinations', 'entity_learned', 'derived_journal', 'baselines', 'dns_names', 'dns_learned'] as const;

export class BaselineFacts {
  constructor(private readonly sql: SqlRunner) {}

  /** The stored behavioral_baseline of one entity (the spec's shape), or undefined when it has no baseline row. */
  stored(entityId: string, knownShown: number): BehavioralBaseline | undefined {
    const b = this.sql.get<{ established: number; established_at: number | null; avg_connections_per_hour: number; deviation_score: number }>(sql`SELECT established,
      established_at, avg_connections_per_hour, deviation_score FROM baselines WHERE entity_id = ${entityId}`, 'baseline.stored');
    if (!b) return undefined;
    return {
      established: b.established === 1,
      established_at: isoOrNull(b.established_at),
      avg_connections_per_hour: Math.round(b.avg_connections_per_hour * 100) / 100,
      known_destinations: this.sql.column<string>(sql`SELECT destination FROM entity_destinations WHERE entity_id = ${entityId} GROUP BY destination
        ORDER BY SUM(count) DESC, destination LIMIT ${knownShown}`, 'baseline.known_destinations'),
      deviation_score: Math.round(b.deviation_score * 100) / 100,
    };
  }

  /** Established flag, hours observed and deviation of the given entities of one type (posture's bulk read). */
  facts(type: EntityType, ids: readonly string[]): BaselineFactRow[] {
    return this.sql.all<BaselineFactRow>(sql`SELECT entity_id, established, hours_observed, deviation_score FROM baselines
      WHERE entity_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND entity_type = ${type}`, 'baseline.facts');
  }

  /** Devices with a baseline, how many of them are established, and a sample of those that are not (compliance). */
  deviceSummary(sampleIds: number): { withTelemetry: number; established: number; notEstablished: Sample } {
    const r = this.sql.get<{ n: number; established: number }>(sql`SELECT COUNT(*) AS n, COALESCE(SUM(established), 0) AS established FROM baselines WHERE entity_type = 'device'`, 'baseline.deviceSummary')!;
    const where: SqlFragment = sql`WHERE entity_type = 'device' AND established = 0`;
    const count = this.sql.value<number>(sql`SELECT COUNT(*) FROM baselines ${where}`, 'baseline.notEstablished') ?? 0;
    const ids = count === 0 ? [] : this.sql.column<string>(sql`SELECT entity_id FROM baselines ${where} ORDER BY entity_id LIMIT ${sampleIds}`, 'baseline.notEstablished_ids');
    return { withTelemetry: r.n, established: r.established, notEstablished: { count, ids } };
  }

  /** Empties the derived baseline tables, and the hourly roll-ups from `horizon` on (older hours can no longer be recomputed). */
  clearForRebuild(horizon: number): void {
    this.sql.run(sql`DELETE FROM entity_hourly WHERE hour >= ${Math.floor(horizon / HOUR_MS)}`, 'rebuild.hourly_from_horizon');
    // Table names are the constants above, never input.
    for (const t of BASELINE_TABLES) this.sql.run(sql`DELETE FROM ${sql.raw(t)}`);
  }

  /** Row counts the rebuild reports. */
  counts(): { entities: number; hourly_rows: number; destinations: number } {
    return {
      entities: this.sql.value<number>(sql`SELECT COUNT(*) FROM baselines`, 'baseline.count')!,
      hourly_rows: this.sql.value<number>(sql`SELECT COUNT(*) FROM entity_hourly`, 'baseline.hourly_count')!,
      destinations: this.sql.value<number>(sql`SELECT COUNT(*) FROM entity_destinations`, 'baseline.destination_count')!,
    };
  }
}
