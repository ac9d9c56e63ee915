// The Events screen's search as the analyst last ran it: free text, kind, entity, time range (ISO 8601)
// and the event ids an anomaly's evidence names. Kept here rather than in the view so it rides in the
// address (url-filters.ts): a reload or a shared link runs the same search, and back and forward step
// through the searches run.
import type { StateCreator } from 'zustand';
import type { StoreState } from './index';

export interface EventQuery {
  q?: string;
  kind?: string;
  entity_id?: string;
  since?: string;
  until?: string;
  /** Comma-separated event ids (`ids=1,2,3`), as the evidence links write them. */
  ids?: string;
}

export interface EventsSlice {
  eventQuery: EventQuery;
  /** Runs a new search: the fields given replace the whole query (an omitted field is cleared). */
  setEventQuery(query: EventQuery): void;
}

export const createEventsSlice: StateCreator<StoreState, [], [], EventsSlice> = (set) => ({
  eventQuery: {},
  setEventQuery: (query) => set({ eventQuery: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) }),
});
