// The console's address: #/<screen>[/<open item>], kept in step with the store both ways, so every screen
// and every open record has a URL (#/incidents/inc_…, #/devices/dev_…), back and forward step through
// what the analyst opened, and a link pasted into a new tab opens the same record. List screens' filters
// ride in the query (url-filters.ts).
import { useEffect } from 'react';
import { useStore, type StoreState } from './index';
import { applyFilterQuery, canonicalQuery, filterQuery, filtersStep, hasFilters } from './url-filters';
import { parseHash, type Location } from './url-hash';

/** How a screen's open record reads from and writes to the store. */
interface ItemBinding {
  selected(s: StoreState): string | null;
  open(s: StoreState, id: string | null): void;
}

/** Screens whose open record is part of the URL. A screen with a drawer adds one line here. */
const ITEM_BINDINGS: Record<string, ItemBinding> = {
  incidents: { selected: (s) => s.openIncidentId, open: (s, id) => s.openIncident(id) },
  anomalies: { selected: (s) => s.openAnomalyId, open: (s, id) => s.openAnomaly(id) },
  devices: { selected: (s) => s.openDeviceId, open: (s, id) => s.openDevice(id) },
  assets: { selected: (s) => s.openAssetId, open: (s, id) => s.openAsset(id) },
  policies: { selected: (s) => s.openPolicyId, open: (s, id) => s.openPolicy(id) },
  users: { selected: (s) => s.openUserId, open: (s, id) => s.openUser(id) },
};

function hashOf(s: StoreState): string {
  const binding = ITEM_BINDINGS[s.route];
  const item = binding?.selected(s);
  const query = filterQuery(s, s.route);
  return `#/${s.route}${item ? `/${encodeURIComponent(item)}` : ''}${query ? `?${query}` : ''}`;
}

const queryOf = (hash: string): string => hash.split('?')[1] ?? '';

function apply(loc: Location, hash: string): void {
  const s = useStore.getState();
  if (s.route !== loc.route) s.navigate(loc.route);
  applyFilterQuery(useStore.getState(), loc.route, queryOf(hash));
  const binding = ITEM_BINDINGS[loc.route];
  if (binding && binding.selected(useStore.getState()) !== loc.item) binding.open(useStore.getState(), loc.item);
}

/** Mounted once by the shell: reads the address at start and on back/forward, writes it on every change. */
export function useUrlState(known: (route: string) => boolean): string {
  const route = useStore((s) => s.route);
  useEffect(() => {
    const initial = parseHash(window.location.hash, known);
    if (initial) apply(initial, window.location.hash);
    /** The address the store's state last asked for. */
    let written: string | null = null;
    /** While an address is being applied: its steps (screen, then filters, then record) write nothing half-done. */
    let applying = false;
    const onHash = () => {
      const loc = parseHash(window.location.hash, known);
      applying = true;
      try {
        if (loc) apply(loc, window.location.hash);
      } finally {
        applying = false;
      }
      // Settle the address against the state it now gives, once.
      written = null;
      write(useStore.getState());
    };
    window.addEventListener('hashchange', onHash);
    const write = (s: StoreState) => {
      if (applying || /^#token=/.test(window.location.hash)) return;
      // Only a change of what the address shows (screen, open record, filters) writes it. Any other store
      // change (a query's answer) can land between the browser moving the address (back, forward) and its
      // hashchange; writing then would put the old state over the new address and drop the forward entry.
      const target = hashOf(s);
      if (target === written) return;
      written = target;
      // Already there (a screen without filters in the store keeps its own ?query as it is).
      const here = parseHash(window.location.hash, known);
      const sameItem = here !== null && here.route === s.route && here.item === (ITEM_BINDINGS[s.route]?.selected(s) ?? null);
      if (sameItem && !hasFilters(s.route)) return;
      if (sameItem && window.location.hash === target) return;
      // Only the filters changed: rewrite the address in place rather than add a history entry per change
      // (a screen whose filters change only when a search is run adds one per search, for back and forward).
      if (sameItem && (!filtersStep(s.route) || canonicalQuery(s.route, queryOf(window.location.hash)) === filterQuery(s, s.route))) {
        return window.history.replaceState(window.history.state, '', target);
      }
      // Assigning the hash adds a history entry, so back and forward step through screens and records.
      window.location.hash = target;
    };
    write(useStore.getState());
    const unsubscribe = useStore.subscribe(write);
    return () => {
      window.removeEventListener('hashchange', onHash);
      unsubscribe();
    };
  }, [known]);
  return route;
}
