// Collects what must be rescored (the pipeline's dirty entities after each batch, entities named by
// anomaly events, "everything" after a policy event) and applies it once, shortly after: a bulk
// ingest's batches touch the same devices again and again, so coalescing saves most of the work.
// close() flushes at once; a query never flushes (reads never write): it asks isPending and assesses
// a pending entity live instead.
import type { ScheduledTask, Scheduler } from '../clock';
import { isBusyError } from '../db/busy';
import type { EntityRef } from '../inventory/inventory';
import type { Logger } from '../log';

export const FLUSH_DELAY_MS = 250;
/** The wait before trying again when another process held the write lock. */
const BUSY_DELAY_MS = 1000;
/** Entities one background flush rescores in one transaction, and the pause before the next part. */
export const BACKGROUND_CHUNK = 200;
const CHUNK_PAUSE_MS = 20;

const keyOf = (r: EntityRef) => `${r.type}\u0000${r.id}`;

export interface QueuedWork { all: boolean; refs: EntityRef[] }

export class UpdateQueue {
  private readonly refs = new Map<string, EntityRef>();
  private all = false;
  private timer: ScheduledTask | null = null;

  constructor(
    private readonly rescore: (work: QueuedWork) => void,
    private readonly log: Logger,
    /** When the delayed flush runs: the engine's scheduler (a ManualClock in tests). */
    private readonly scheduler: Scheduler,
  ) {}

  get pending(): boolean {
    return this.all || this.refs.size > 0;
  }

  /** Whether the entity's row is behind: queued for a rescore, or everything is. */
  isPending(ref: EntityRef): boolean {
    return this.all || this.refs.has(keyOf(ref));
  }

  add(refs: Iterable<EntityRef>): void {
    for (const r of refs) this.refs.set(keyOf(r), r);
    this.schedule();
  }

  addAll(): void {
    this.all = true;
    this.schedule();
  }

  /** Applies what is pending now (a failure is logged; the hourly sweep repairs what it missed). */
  flush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (!this.pending) return;
    const work: QueuedWork = { all: this.all, refs: [...this.refs.values()] };
    this.refs.clear();
    this.all = false;
    this.apply(work);
  }

  /**
   * The timer's flush: at most BACKGROUND_CHUNK entities per transaction, the rest after a pause, so
   * a bulk ingest's thousands of dirty entities never hold the write lock (and this thread) for long.
   */
  private background(): void {
    this.timer = null;
    if (this.all || this.refs.size <= BACKGROUND_CHUNK) return this.flush();
    const refs: EntityRef[] = [];
    for (const [key, ref] of this.refs) {
      if (refs.length === BACKGROUND_CHUNK) break;
      refs.push(ref);
      this.refs.delete(key);
    }
    this.apply({ all: false, refs });
    this.schedule(CHUNK_PAUSE_MS);
  }

  private apply(work: QueuedWork): void {
    try {
      this.rescore(work);
    } catch (err) {
      if (isBusyError(err)) {
        // Another process holds the write lock (an ingest): keep the work and try again a little later.
        if (work.all) this.all = true;
        for (const r of work.refs) this.refs.set(keyOf(r), r);
        this.schedule(BUSY_DELAY_MS);
        return;
      }
      this.log.error('posture update failed', { entities: work.refs.length, all: work.all, error: String(err) });
    }
  }

  private schedule(delay = FLUSH_DELAY_MS): void {
    if (this.timer || !this.pending) return;
    this.timer = this.scheduler.after(delay, () => this.background());
  }
}
