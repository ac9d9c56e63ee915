// How much one ingest transaction may take, in one place. Every batch commit holds the database's
// write lock; while it does, the console's actions (another connection, often another process) wait.
// Batches are sized so a commit, with every detector and roll-up in it, stays well under
// MAX_LOCK_MS on this class of machine; each commit is timed and one that runs over is logged (THREATMATIC_LOG_LEVEL=info shows them).
// On a loaded machine or a large database the same batch takes several times longer; a run may size its next
// batch from the lock time its last commit took (BatchBudget, by elapsed time, never above BATCH_EVENTS), but
// by default every batch is BATCH_EVENTS long so the detectors judge at the same events on every machine
// (BATCHES_BY_TIME below).
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
 * 1,000 since batches stopped being sized by time (BATCHES_BY_TIME): with a console in use during a 1M-event
 * ingest on the 2-core test machine, 2,000-event commits held the lock median 84 / p95 131 ms (106 of 505 over
 * 100 ms); see BENCHMARKS.md for 1,000. THREATMATIC_INGEST_BATCH_EVENTS overrides it (tests and tuning). With
 * BATCHES_BY_TIME it is the ceiling: BatchBudget shrinks a run's batches below it when commits run slower than the target.
 */
export const BATCH_EVENTS = override('THREATMATIC_INGEST_BATCH_EVENTS', 1_000);
/**
 * THREATMATIC_INGEST_BATCH_BY_TIME=1 sizes each run's batches by lock time (BatchBudget) instead of keeping
 * every batch at BATCH_EVENTS. Off by default: the detectors judge what they gathered at the end of each
 * batch, inside its transaction (so a kill never leaves committed events unjudged), and where a batch ends
 * can change a verdict (docs/detectors.md). Sized by time, batches end where the machine's speed puts them,
 * and the same file raised different anomalies from run to run: a simulated lateral movement was missed at
 * some hours, and 1 in ~8 concurrent-ingest fault runs had a c2_beaconing anomaly more than its twin.
 */
export const BATCHES_BY_TIME = process.env.THREATMATIC_INGEST_BATCH_BY_TIME === '1';
/**
 * Events one transaction may hold in a one-shot process (a CLI ingest) while no other process's writer waits:
 * the batches stay BATCH_EVENTS long and the detectors judge each on its own, but what is written once per
 * commit (each changed entity's baseline line and last_seen, the checkpoint, the commit's pages) is written
 * once for all of them. On a fleet of thousands nearly every entity changes in every 1,000-event batch, so
 * that work was paid per batch: 20 batches to a commit ran the detector ingest about a fifth faster (BENCHMARKS.md).
 * Such a commit holds the lock for about a second, so between its batches the ingest looks for a waiting
 * writer (writer-turns.ts) and, when one waits, commits after the batch in hand: the waiter waits one batch.
 * Long-running processes (serve, the desktop app) commit every batch: their event loop must not stop that
 * long. THREATMATIC_INGEST_GROUP_EVENTS overrides it; 1 commits every batch on its own.
 */
export const GROUP_EVENTS = override('THREATMATIC_INGEST_GROUP_EVENTS', 20_000);
/** Records per transaction whatever they became (a file of rejects or skips still checkpoints). */
export const BATCH_RECORDS = Math.max(BATCH_EVENTS, override('THREATMATIC_INGEST_BATCH_RECORDS', 20_000));

/** How a commit went beyond its lock time: the batches it held, and how long a writer that came meanwhile waited for it. */
export interface CommitShape {
  batches: number;
  /** From the moment the ingest saw another process's writer waiting to the end of the commit (null: none came). */
  waiterMs: number | null;
}

/**
 * Logs one commit's lock time (debug; info when a writer was kept waiting past MAX_LOCK_MS, e.g. on a machine
 * loaded past its cores): a commit of batches (`events` in all) or the events-by-entity index's catching up
 * with them (entity-event-index.ts). A commit of several batches that nobody waited for holds the lock longer
 * by design (GROUP_EVENTS); a single batch is over the bound when its own lock time is.
 */
export function noteCommit(log: Logger, ms: number, events: number, what: 'batch' | 'index' = 'batch', shape: CommitShape = { batches: 1, waiterMs: null }): void {
  const waited = shape.waiterMs ?? (shape.batches === 1 ? ms : 0);
  const fields = { ms: Math.round(ms * 10) / 10, events, what, batches: shape.batches, waiter_ms: shape.waiterMs === null ? null : Math.round(shape.waiterMs * 10) / 10 };
  if (waited > MAX_LOCK_MS) log.info('ingest transaction held the write lock longer than the bound', { ...fields, bound_ms: MAX_LOCK_MS });
  else log.debug('ingest transaction', fields);
}

/**
 * The lock time a batch aims at: under the bound, with room for a commit slower than the last. On this
 * 2-core machine a commit now and then runs 2-3x slower than the one before (every phase at once, the
 * JavaScript ones too: the core is shared with the kernel's writeback and GC threads), so the room is
 * wide. 1M events with every detector, same runs: aimed at 60 ms, 9-14 of ~560 commits held the lock
 * over 100 ms; at 40 ms, 3-4 of ~800, at the same events/s within noise; at 30 ms none, 13% slower.
 */
const TARGET_LOCK_MS = MAX_LOCK_MS * 0.4;
/** The smallest batch: below it a commit's fixed costs (checkpoint, activity, the observers' per-batch work) dominate. */
const MIN_BATCH_EVENTS = 100;
/** The first batch of a run, before any commit has shown the rate: new entities' first rows make it the costliest per event. */
const FIRST_BATCH_EVENTS = 500;

/**
 * One run's batch size by elapsed time rather than by count: after each commit the next batch is sized so
 * its lock time would be TARGET_LOCK_MS at the rate (events per lock-ms) the commit just showed, at most a
 * quarter of the last size or double it, between MIN_BATCH_EVENTS and the ceiling (BATCH_EVENTS). On a
 * quiet machine and a small database that is the ceiling; on a loaded one or a large database the batches
 * shrink, so no commit keeps another process's writer (the console's action) waiting past the bound. Where
 * a batch ends changes nothing that is committed: each commit moves the checkpoint to its own last record,
 * and a resume starts after it.
 */
export class BatchBudget {
  /** Events the current batch may hold. */
  events: number;

  /** `byTime`: false keeps every batch at the ceiling (tests that need known commit boundaries). */
  constructor(
    private readonly ceiling = BATCH_EVENTS,
    private readonly byTime = true,
  ) {
    this.events = byTime ? Math.min(ceiling, FIRST_BATCH_EVENTS) : ceiling;
  }

  /** After a commit of `events` events that held the lock `ms`. A short batch (a file's end, mostly records) says little and is ignored. */
  committed(ms: number, events: number): void {
    if (!this.byTime || events < this.events / 2 || events < MIN_BATCH_EVENTS) return;
    const aimed = (events * TARGET_LOCK_MS) / Math.max(ms, 1);
    const floor = Math.max(MIN_BATCH_EVENTS, this.events / 4);
    const cap = Math.min(this.ceiling, this.events * 2);
    this.events = Math.round(Math.min(cap, Math.max(floor, aimed)));
  }
}
