// Deletes what is older than a cutoff in small batches, one short transaction each, so the write lock is
// never held long (ingest and console actions get in between; issue 8's budget is 100 ms). The batch size
// adapts to keep each transaction near TARGET_BATCH_MS on this machine and this database.
import type { RetentionKind } from '@shared/contract/operations/retention';
import type { SqlRunner } from '../db/sql';
import type { PruneTarget } from './prune-target';

export interface BatchLimits {
  /** Rows in the first batch. */
  initial: number;
  min: number;
  max: number;
  /** What one batch should hold the lock for. */
  targetMs: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { initial: 500, min: 50, max: 5000, targetMs: 20 };

export interface BatchResult { deleted: number; ms: number; done: boolean }

export class Pruner {
  private size: number;

  constructor(
    private readonly runner: SqlRunner,
    private readonly targets: Record<RetentionKind, PruneTarget>,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {
    this.size = limits.initial;
  }

  any(kind: RetentionKind, before: number): boolean {
    return this.targets[kind].any(before);
  }

  /** One batch of `kind` older than `before`, in its own transaction; done when nothing older is left. */
  batch(kind: RetentionKind, before: number): BatchResult {
    const limit = this.size;
    const start = performance.now();
    const deleted = this.runner.transaction(() => this.targets[kind].delete(before, limit));
    const ms = performance.now() - start;
    // Halve when a batch ran long, double when it ran well under the target (within the limits).
    if (ms > this.limits.targetMs) this.size = Math.max(this.limits.min, Math.floor(this.size / 2));
    else if (ms < this.limits.targetMs / 2) this.size = Math.min(this.limits.max, this.size * 2);
    return { deleted, ms, done: deleted < limit };
  }
}
