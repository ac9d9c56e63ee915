// The list screens' filters in the address (#/anomalies?severity=high&status=all): a pasted or reloaded
// link restores them, and changing a filter rewrites the query in place (url-state.ts replaces the
// history entry, so typing in a search box does not add one entry per keystroke). An address without a
// query keeps the filters the screen already has. A screen whose filters change only when a search is
// run (Events) marks its binding `steps`: each search is a history entry, so back and forward step
// through them, and an address without a query there is the search with no filters.
import type { StoreState } from './index';

interface FilterBinding {
  keys: readonly string[];
  /** Filters left out of the address when they hold this value. */
  defaults?: Record<string, string>;
  read(s: StoreState): object;
  write(s: StoreState, patch: Record<string, string | boolean | undefined>): void;
  /** Each change is a search run (not a key typed): a history entry of its own. */
  steps?: true;
}

/** Screens whose filters are part of the URL. A list screen adds one line here. */
const FILTER_BINDINGS: Record<string, FilterBinding> = {
  anomalies: { keys: ['severity', 'type', 'entity_type', 'entity_id', 'status'], defaults: { status: 'open' }, read: (s) => s.anomalyQuery, write: (s, p) => s.setAnomalyQuery(p) },
  incidents: { keys: ['status', 'severity'], read: (s) => s.incidentQuery, write: (s, p) => s.setIncidentQuery(p) },
  devices: { keys: ['device_type', 'firmware_status', 'trust_level', 'discovered', 'search'], read: (s) => s.deviceQuery, write: (s, p) => s.setDeviceQuery(p) },
  events: { keys: ['q', 'kind', 'entity_id', 'since', 'until', 'ids'], steps: true, read: (s) => s.eventQuery, write: (s, p) => s.setEventQuery(textOnly(p)) },
};

/** The query's values as typed text (a search for the word "true" stays text). */
function textOnly(patch: Record<string, string | boolean | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
}

export function hasFilters(route: string): boolean {
  return route in FILTER_BINDINGS;
}

/** Whether a change of the screen's filters adds a history entry (a search run) rather than replacing the current one. */
export function filtersStep(route: string): boolean {
  return FILTER_BINDINGS[route]?.steps === true;
}

/** The screen's filters as the address's query ('' when every filter is at its default). */
export function filterQuery(s: StoreState, route: string): string {
  const b = FILTER_BINDINGS[route];
  return b ? queryText(b, b.read(s) as Record<string, unknown>) : '';
}

/** An address's query as filterQuery would write it (its keys in order, defaults left out, one encoding). */
export function canonicalQuery(route: string, query: string): string {
  const b = FILTER_BINDINGS[route];
  if (!b) return query;
  const params = new URLSearchParams(query);
  return queryText(b, Object.fromEntries(b.keys.map((k) => [k, params.get(k) ?? undefined])));
}

function queryText(b: FilterBinding, q: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const k of b.keys) {
    const v = q[k];
    if (v === undefined || v === '' || String(v) === b.defaults?.[k]) continue;
    params.set(k, String(v));
  }
  // Commas (event ids) and colons (times) are legal in an address's fragment: kept readable, not %-escaped.
  return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
}

/** Sets the screen's filters from the address's query; an empty query leaves them as they are (except on a `steps` screen: no filters). */
export function applyFilterQuery(s: StoreState, route: string, query: string): void {
  const b = FILTER_BINDINGS[route];
  if (!b || (!query && !b.steps) || canonicalQuery(route, query) === filterQuery(s, route)) return;
  const params = new URLSearchParams(query);
  const patch: Record<string, string | boolean | undefined> = {};
  for (const k of b.keys) {
    const v = params.get(k) ?? b.defaults?.[k];
    patch[k] = v === 'true' ? true : v === 'false' ? false : (v ?? undefined);
  }
  b.write(s, patch);
}
