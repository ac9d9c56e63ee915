// The Vulnerability Exposure screen's state: the patch list's filter, sort and page (the question bar
// replaces the filter with the one it extracted, so the user sees and refines it), and the CVE open in the drawer.
import type { StateCreator } from 'zustand';
import type { PatchFilter } from '@shared/contract/operations/vulns-schemas';
import { DEFAULT_PAGE_SIZE, patchQuery } from './list-query';
import type { StoreState } from './index';

type PatchQuery = PatchFilter & { limit: number; offset: number };

export interface VulnsSlice {
  patchQuery: PatchQuery;
  openCveId: string | null;
  setPatchQuery(patch: Partial<PatchQuery>): void;
  /** A whole new filter (from the question bar), back on the first page. */
  replacePatchFilter(filter: PatchFilter): void;
  openCve(id: string | null): void;
}

export const createVulnsSlice: StateCreator<StoreState, [], [], VulnsSlice> = (set) => ({
  patchQuery: { scope: 'ai', status: 'open', sort: 'priority', limit: DEFAULT_PAGE_SIZE, offset: 0 },
  openCveId: null,
  setPatchQuery: (patch) => set((s) => ({ patchQuery: patchQuery(s.patchQuery, patch) })),
  replacePatchFilter: (filter) => set((s) => ({ patchQuery: { ...filter, limit: s.patchQuery.limit, offset: 0 } })),
  openCve: (openCveId) => set({ openCveId }),
});
