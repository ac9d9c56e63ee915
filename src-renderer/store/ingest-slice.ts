// Ingest screen state: the page of ingested files and of rejected lines, and the file the rejects are narrowed to.
import type { StateCreator } from 'zustand';
import { DEFAULT_PAGE_SIZE, patchQuery } from './list-query';
import type { StoreState } from './index';

interface SourceQuery { limit: number; offset: number }
interface RejectQuery { source_id?: number; limit: number; offset: number }

export interface IngestSlice {
  sourceQuery: SourceQuery;
  rejectQuery: RejectQuery;
  setSourceQuery(patch: Partial<SourceQuery>): void;
  setRejectQuery(patch: Partial<RejectQuery>): void;
}

export const createIngestSlice: StateCreator<StoreState, [], [], IngestSlice> = (set) => ({
  sourceQuery: { limit: 20, offset: 0 },
  rejectQuery: { limit: DEFAULT_PAGE_SIZE, offset: 0 },
  setSourceQuery: (patch) => set((s) => ({ sourceQuery: patchQuery(s.sourceQuery, patch) })),
  setRejectQuery: (patch) => set((s) => ({ rejectQuery: patchQuery(s.rejectQuery, patch) })),
});
