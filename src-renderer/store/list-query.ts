// Paging rules shared by every list screen: changing a filter or search goes back to the first page.
export interface PageQuery {
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_SIZE = 50;

export function patchQuery<Q extends PageQuery>(prev: Q, patch: Partial<Q>): Q {
  const next = { ...prev, ...patch };
  const filterChanged = Object.keys(patch).some((k) => k !== 'offset');
  if (filterChanged && patch.offset === undefined) next.offset = 0;
  return next;
}

/** Drops empty filters so the engine sees only what the user chose. */
export function compact<Q extends object>(q: Q): Q {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Q;
}
