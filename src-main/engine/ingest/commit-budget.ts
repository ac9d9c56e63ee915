// How much one ingest transaction may take, in one place. Every batch commit holds the database's
// write lock; while it does, the console's actions (another connection, often another process) wait.
// Batches are sized so a commit, with every detector and roll-up in it, stays well under
// MAX_LOCK_MS on this class of machine; each commit is timed and one that runs over is logged (THREATMATIC_LOG_LEVEL=info shows them).
// On a loaded machine the same batch takes several times longer, so while another process's writer waits for
// the lock a run sizes its next batch from the lock time its last commit took (BatchBudget): by elapsed time,
// never above BATCH_EVENTS.
import { MAX_LOCK_MS } from '../db/busy';
import type { Logger } from '../log';

/** Reads a positive integer override from the environment (fault-injection runs use small batches to get many commits). */
function override(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/**
 * Events per transaction. Measured with every observer on (3,000 devices, 200k canonical events, a
 * machine loaded ~5x over its cores): 50k-event batches held the lock for a median 1.16 s, 4k for
 * 265 ms, 2k for 115 ms, 1k for 52 ms, at the same events/s within noise (7.0k-7.7k/s under that
 * load): detection, not the commit, dominates. On a database that already holds ~1M events a commit
 * also rewrites the (entity_id, ts) index pages of every device it touches, a cost per commit rather
 * than per event: the console bench saw a 420 ms median for 2k-event commits (BENCHMARKS.md), so the
 * bound is not met on a loaded machine and smaller batches would not fix that by themselves.
 * THREATMATIC_INGEST_BATCH_EVENTS overrides it (tests and tuning). It is the ceiling: BatchBudget shrinks a run's
 * batches below it while another writer waits and commits run slower than the target.
 */
export const BATCH_EVENTS = override('THREATMATIC_INGEST_BATCH_EVENTS', 2_000);
/** Records per transaction whatever they became (a file of rejects or skips still checkpoints). */
export const BATCH_RECORDS = Math.max(BATCH_EVENTS, override('THREATMATIC_INGEST_BATCH_RECORDS', 20_000));

/** Logs one commit's lock time (debug; info when it ran over MAX_LOCK_MS, e.g. on a machine loaded past its cores). */
export function noteCommit(log: Logger, ms: number, events: number): void {
  const fields = { ms: Math.round(ms * 10) / 10, events };
  if (ms > MAX_LOCK_MS) log.info('ingest transaction held the write lock longer than the bound', { ...fields, bound_ms: MAX_LOCK_MS });
  else log.debug('ingest transaction', fields);
}

/** The lock time an adaptive batch aims at: under the bound, with room for a commit slower than the last. */
const TARGET_LOCK_MS = MAX_LOCK_MS * 0.6;
/** The smallest batch: below it a commit's fixed costs (checkpoint, activity, the observers' per-batch work) dominate. */
const MIN_BATCH_EVENTS = 100;
/** How long after another process's writer last waited the batches stay sized by time. */
const CONTENDED_MS = 10_000;

/**
 * One run's batch size by elapsed time rather than by count, while another process's writer (the console's
 * action) has waited for the lock in the last CONTENDED_MS (writer turns, db/writer-turns.ts): after each
 * commit the next batch is sized so its lock time would be TARGET_LOCK_MS at the rate (events per lock-ms)
 * the commit just showed, at most a quarter of the last size or double it, between MIN_BATCH_EVENTS and
 * BATCH_EVENTS. With nobody waiting, batches grow back (doubling) to BATCH_EVENTS, the size the ingest rate
 * was measured at. Where a batch ends changes nothing that is committed: each commit moves the checkpoint
 * to its own last record, and a resume starts after it.
 */
export class BatchBudget {
  /** Events the current batch may hold. */
  events: number;
  private lastWaiter = Number.NEGATIVE_INFINITY;

  constructor(private readonly ceiling = BATCH_EVENTS) {
    this.events = ceiling;
  }

  /** Another process's writer was waiting before this run's transaction (`now` in ms, any monotonic clock). */
  waiterSeen(now: number): void {
    this.lastWaiter = now;
  }

  /** After a commit of `events` events that held the lock `ms`. A short batch (a file's end, mostly records) says little and is ignored. */
  committed(ms: number, events: number, now: number): void {
    if (now - this.lastWaiter >= CONTENDED_MS) {
      this.events = Math.min(this.ceiling, this.events * 2);
      return;
    }
    if (events < this.events / 2 || events < MIN_BATCH_EVENTS) return;
    const aimed = (events * TARGET_LOCK_MS) / Math.max(ms, 1);
    const floor = Math.max(MIN_BATCH_EVENTS, this.events / 4);
    const cap = Math.min(this.ceiling, this.events * 2);
    this.events = Math.round(Math.min(cap, Math.max(floor, aimed)));
  }
}
