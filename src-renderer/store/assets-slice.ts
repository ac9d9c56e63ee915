// The AI assets screen's state: its filters, search and page, and the asset open in the drawer.
import type { StateCreator } from 'zustand';
import type { AssetKind, AssetStatus } from '@shared/domain/ai-assets';
import { DEFAULT_PAGE_SIZE, patchQuery } from './list-query';
import type { StoreState } from './index';

interface AssetQuery { kind?: AssetKind; status?: AssetStatus; search?: string; limit: number; offset: number }

export interface AssetsSlice {
  assetQuery: AssetQuery;
  openAssetId: string | null;
  setAssetQuery(patch: Partial<AssetQuery>): void;
  openAsset(id: string | null): void;
}

export const createAssetsSlice: StateCreator<StoreState, [], [], AssetsSlice> = (set) => ({
  assetQuery: { limit: DEFAULT_PAGE_SIZE, offset: 0 },
  openAssetId: null,
  setAssetQuery: (patch) => set((s) => ({ assetQuery: patchQuery(s.assetQuery, patch) })),
  openAsset: (openAssetId) => set({ openAssetId }),
});
