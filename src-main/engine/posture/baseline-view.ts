// The behavioral_baseline object of the posture tools: from the behaviour pipeline (its in-memory
// baselines, destinations named by DNS) when it knows the entity, else from the baselines table and
// counted destinations (which also holds what another process, e.g. a CLI ingest, learned since this
// one started). An entity without either reports an unestablished baseline. (The baselines tables are the
// behaviour pipeline's; read here until its store offers this view.)
import type { BehavioralBaseline } from '@shared/contract/operations/posture-schemas';
import type { EntityType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { sql, type SqlRunner } from '../db/sql';

export type BaselineProvider = (entityId: string, type: EntityType) => BehavioralBaseline;

export const KNOWN_DESTINATIONS_SHOWN = 10;

export class BaselineView {
  constructor(private readonly sql: SqlRunner, private readonly provider?: BaselineProvider) {}

  get(entityId: string, type: EntityType): BehavioralBaseline {
    const live = this.provider?.(entityId, type);
    if (live && (live.established || live.avg_connections_per_hour > 0 || live.known_destinations.length > 0)) return live;
    const b = this.sql.get<{ established: number; established_at: number | null; avg_connections_per_hour: number; deviation_score: number }>(sql`SELECT established,
      established_at, avg_connections_per_hour, deviation_score FROM baselines WHERE entity_id = ${entityId}`, 'posture.baseline');
    if (!b) return { established: false, established_at: null, avg_connections_per_hour: 0, known_destinations: [], deviation_score: 0 };
    return {
      established: b.established === 1,
      established_at: isoOrNull(b.established_at),
      avg_connections_per_hour: Math.round(b.avg_connections_per_hour * 100) / 100,
      known_destinations: this.sql.column<string>(sql`SELECT destination FROM entity_destinations WHERE entity_id = ${entityId} GROUP BY destination
        ORDER BY SUM(count) DESC, destination LIMIT ${KNOWN_DESTINATIONS_SHOWN}`, 'posture.known_destinations'),
      deviation_score: Math.round(b.deviation_score * 100) / 100,
    };
  }
}
