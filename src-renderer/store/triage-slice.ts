// The anomaly and incident screens' state: filters and page of each list, and the incident and anomaly
// open in a drawer (other screens and the URL open one by id).
import type { StateCreator } from 'zustand';
import type { AnomalyType, EntityType, IncidentStatus, Severity } from '@shared/domain/enums';
import type { ANOMALY_STATUS_FILTERS } from '@shared/contract/operations/anomalies-list';
import { DEFAULT_PAGE_SIZE, patchQuery } from './list-query';
import type { StoreState } from './index';

interface AnomalyQuery {
  severity?: Severity; entity_type?: EntityType; type?: AnomalyType; status: (typeof ANOMALY_STATUS_FILTERS)[number]; entity_id?: string; limit: number; offset: number;
}
interface IncidentQuery { status?: IncidentStatus; severity?: Severity; limit: number; offset: number }

export interface TriageSlice {
  anomalyQuery: AnomalyQuery;
  incidentQuery: IncidentQuery;
  openIncidentId: string | null;
  openAnomalyId: string | null;
  setAnomalyQuery(patch: Partial<AnomalyQuery>): void;
  setIncidentQuery(patch: Partial<IncidentQuery>): void;
  openIncident(id: string | null): void;
  openAnomaly(id: string | null): void;
}

export const createTriageSlice: StateCreator<StoreState, [], [], TriageSlice> = (set) => ({
  anomalyQuery: { status: 'open', limit: DEFAULT_PAGE_SIZE, offset: 0 },
  incidentQuery: { limit: DEFAULT_PAGE_SIZE, offset: 0 },
  openIncidentId: null,
  openAnomalyId: null,
  setAnomalyQuery: (patch) => set((s) => ({ anomalyQuery: patchQuery(s.anomalyQuery, patch) })),
  setIncidentQuery: (patch) => set((s) => ({ incidentQuery: patchQuery(s.incidentQuery, patch) })),
  openIncident: (openIncidentId) => set({ openIncidentId }),
  openAnomaly: (openAnomalyId) => set({ openAnomalyId }),
});
