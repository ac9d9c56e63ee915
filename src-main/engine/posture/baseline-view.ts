// The behavioral_baseline object of the posture tools: from the behaviour pipeline (its in-memory
// baselines, destinations named by DNS) when it knows the entity, else from the stored baseline and
// counted destinations through the baseline domain's BaselineFacts (which also holds what another
// process, e.g. a CLI ingest, learned since this one started). An entity without either reports an
// unestablished baseline.
import type { BehavioralBaseline } from '@shared/contract/operations/posture-schemas';
import type { EntityType } from '@shared/domain/enums';
import type { BaselineFacts } from '../baseline/baseline-facts';

export type BaselineProvider = (entityId: string, type: EntityType) => BehavioralBaseline;

const KNOWN_DESTINATIONS_SHOWN = 10;

export class BaselineView {
  constructor(private readonly stored: Pick<BaselineFacts, 'stored'>, private readonly provider?: BaselineProvider) {}

  get(entityId: string, type: EntityType): BehavioralBaseline {
    const live = this.provider?.(entityId, type);
    if (live && (live.established || live.avg_connections_per_hour > 0 || live.known_destinations.length > 0)) return live;
    return this.stored.stored(entityId, KNOWN_DESTINATIONS_SHOWN) ?? { established: false, established_at: null, avg_connections_per_hour: 0, known_destinations: [], deviation_score: 0 };
  }
}
