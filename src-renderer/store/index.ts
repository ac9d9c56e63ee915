// The console's one store: a slice per domain, composed here. A new screen adds its slice on one line.
import { create } from 'zustand';
import { createAssetsSlice, type AssetsSlice } from './assets-slice';
import { createIngestSlice, type IngestSlice } from './ingest-slice';
import { createIntelSlice, type IntelSlice } from './intel-slice';
import { createInventorySlice, type InventorySlice } from './inventory-slice';
import { createLiveSlice, type LiveSlice } from './live-slice';
import { createQuerySlice, type QuerySlice } from './query-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createTriageSlice, type TriageSlice } from './triage-slice';
import { createVulnsSlice, type VulnsSlice } from './vulns-slice';
import { createPolicySlice, type PolicySlice } from './policy-slice';
import { createEventsSlice, type EventsSlice } from './events-slice';

export type StoreState = SessionSlice & QuerySlice & InventorySlice & IntelSlice & IngestSlice & LiveSlice & TriageSlice & AssetsSlice & VulnsSlice & PolicySlice & EventsSlice;

export const useStore = create<StoreState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createQuerySlice(...a),
  ...createInventorySlice(...a),
  ...createIntelSlice(...a),
  ...createIngestSlice(...a),
  ...createLiveSlice(...a),
  ...createTriageSlice(...a),
  ...createAssetsSlice(...a),
  ...createVulnsSlice(...a),
  ...createPolicySlice(...a),
  ...createEventsSlice(...a),
}));

export { queryOf,  } from './query-slice';
