// Threat-intel screen state: what the analyst typed, and the indicator last submitted for lookup.
import type { StateCreator } from 'zustand';
import type { StoreState } from './index';

export interface IntelSlice {
  lookupText: string;
  /** The indicator of the last submitted lookup (null before the first). */
  lookedUp: string | null;
  setLookupText(text: string): void;
  submitLookup(): void;
}

export const createIntelSlice: StateCreator<StoreState, [], [], IntelSlice> = (set, get) => ({
  lookupText: '',
  lookedUp: null,
  setLookupText: (lookupText) => set({ lookupText }),
  submitLookup() {
    // The engine decides what a valid indicator is; the UI sends what was typed (trimmed) and shows its verdict.
    const indicator = get().lookupText.trim();
    set({ lookedUp: indicator });
    void get().runQuery('intel.lookup', 'intel.lookup', { indicator });
  },
});
