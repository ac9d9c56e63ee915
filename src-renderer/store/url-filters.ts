// The list screens' filters in the address (#/anomalies?severity=high&status=all): a pasted or reloaded
// link restores them, and changing a filter rewrites the query in place (url-state.ts replaces the
// history entry, so typing in a search box does not add one entry per keystroke). An address without a
// query keeps the filters the screen already has.
import type { StoreState } from './index';

interface FilterBinding {
  keys: readonly string[];
  /** Filters left out of the address when they hold this value. */
  defaults?: Record<string, string>;
  read(s: StoreState): object;
  write(s: StoreState, patch: Record<string, string | boolean | undefined>): void;
}

/** Screens whose filters are part of the URL. A list screen adds one line here. */
const FILTER_BINDINGS: Record<string, FilterBinding> = {
  anomalies: { keys: ['severity', 'type', 'entity_type', 'entity_id', 'status'], defaults: { status: 'open' }, read: (s) => s.anomalyQuery, write: (s, p) => s.setAnomalyQuery(p) },
  incidents: { keys: ['status', 'severity'], read: (s) => s.incidentQuery, write: (s, p) => s.setIncidentQuery(p) },
  devices: { keys: ['device_type', 'firmware_status', 'trust_level', 'discovered', 'search'], read: (s) => s.deviceQuery, write: (s, p) => s.setDeviceQuery(p) },
};

export function hasFilters(route: string): boolean {
  return route in FILTER_BINDINGS;
}

/** The screen's filters as the address's query ('' when every filter is at its default). */
export function filterQuery(s: StoreState, route: string): string {
  const b = FILTER_BINDINGS[route];
  if (!b) return '';
  const q = b.read(s) as Record<string, unknown>;
  const params = new URLSearchParams();
  for (const k of b.keys) {
    const v = q[k];
    if (v === undefined || v === '' || String(v) === b.defaults?.[k]) continue;
    params.set(k, String(v));
  }
  return params.toString();
}

/** Sets the screen's filters from the address's query; an empty query leaves them as they are. */
export function applyFilterQuery(s: StoreState, route: string, query: string): void {
  const b = FILTER_BINDINGS[route];
  if (!b || !query || query === filterQuery(s, route)) return;
  const params = new URLSearchParams(query);
  const patch: Record<string, string | boolean | undefined> = {};
  for (const k of b.keys) {
    const v = params.get(k) ?? b.defaults?.[k];
    patch[k] = v === 'true' ? true : v === 'false' ? false : (v ?? undefined);
  }
  b.write(s, patch);
}
