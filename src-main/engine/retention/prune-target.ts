// What retention needs from the store that owns a kind of data: whether anything is older than a
// cutoff, and to delete a bounded batch of it. Each owner implements it beside its other SQL, so a
// table's statements stay in one store; the pruner (pruner.ts) only decides when and how much.
export interface PruneTarget {
  /** Whether any row is older than `before` (ms since the epoch): an index probe, no scan. */
  any(before: number): boolean;
  /** Deletes at most `limit` rows older than `before`; how many it deleted. */
  delete(before: number, limit: number): number;
}
