// WAL checkpoints of a bulk writer (an ingest), run between its transactions instead of inside its commits.
// SQLite's automatic checkpoint runs in the committing call, after the transaction: it is PASSIVE, so it
// holds no write lock and other connections write meanwhile, but the committing thread waits for it (at
// 16k pages, 100–250 ms here), and every figure timed around a commit (the ingest's lock time, the batch
// budget sized from it) counted that copy as if it held the lock. So while a bulk writer runs, automatic
// checkpoints are off and the writer calls `afterCommit()` after each transaction, which runs the same
// PASSIVE checkpoint there, timed on its own, about every `pages` frames.
//
// How many frames a commit adds is learned from the checkpoints themselves (`PRAGMA wal_checkpoint`
// reports the frames in the WAL): the first commit is checkpointed, and from then on the checkpoint comes
// every so many commits as the last ones took to write `pages` frames. Nothing reads the WAL's files
// directly: in one process, closing any descriptor of a file SQLite has locked drops SQLite's locks on it.
//
// After a run's first checkpoint, the bulk of each copy runs on a thread of its own (checkpoint-thread.ts):
// the writer asks and goes on with its next batch. The thread copies what the WAL held when it was asked;
// the commits made meanwhile are a few frames more, which the writer copies itself after its next commit
// once the thread has reported, so everything is copied and the WAL starts again from its first frame at
// the next write (a WAL copied only by a thread racing the writer is never whole, and grew to 600 MB over
// 200,000 events). If the thread is still copying when the next checkpoint is due, the writer asks again
// later, unless the WAL has grown to four times the bound meanwhile: then it checkpoints itself, so the WAL
// stays bounded whatever the thread does.
import { CheckpointThread, type CheckpointResult } from './checkpoint-thread';
import type { Db } from './open';
import type { Logger } from '../log';

/** Commits between checkpoints at most, whatever the estimate says (a run of tiny commits). */
const MAX_COMMITS_BETWEEN = 500;

export class BulkWalCheckpoints {
  private runs = 0;
  private savedPages = 1000;
  /** Whether this process checkpoints between transactions (false: an in-memory database has no WAL). */
  private readonly manual: boolean;
  private commits = 0;
  private every = 1;
  /** Frames in the WAL after the last checkpoint that will still be there at the next one (0 once all were copied back). */
  private lastLog = 0;
  private count = 0;
  /** Copies the WAL back beside the writer; null for an in-memory database. */
  private readonly thread: CheckpointThread | null;
  /** The thread copied all that the WAL held when asked: the writer copies the rest after its next commit. */
  private copiedBeside = false;
  /** Whether this run checkpointed on the writer's thread yet (its first one does: it learns the frames per commit). */
  private primed = false;

  constructor(
    private readonly db: Db,
    /** The database file; null for an in-memory database. */
    dbPath: string | null,
    /** Frames the WAL may hold before a checkpoint copies them back. */
    private readonly pages: number,
    private readonly log: Logger,
  ) {
    this.manual = dbPath !== null;
    this.thread = dbPath === null ? null : new CheckpointThread(dbPath, (r) => {
      if ('error' in r) {
        this.log.warn('the WAL checkpoint thread failed; the ingest checkpoints between its transactions instead', { error: r.error });
        return;
      }
      this.count++;
      this.log.debug('WAL checkpoint beside the ingest (no write lock held)', { frames: r.result.log, copied: r.result.checkpointed, ms: Math.round(r.ms * 10) / 10 });
      this.copiedBeside = r.result.busy === 0 && r.result.checkpointed === r.result.log;
    });
  }

  /** Bulk writers running in this process. */
  get running(): number {
    return this.runs;
  }

  /** A bulk writer starts: checkpoints move between its transactions (nested runs share one setting). */
  start(): void {
    if (this.runs++ !== 0) return;
    this.savedPages = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma(`wal_autocheckpoint = ${this.manual ? 0 : this.pages}`);
    this.commits = 0;
    this.every = 1;
    this.primed = false;
    this.copiedBeside = false;
  }

  /** After one of the writer's transactions, outside it: a PASSIVE checkpoint when about `pages` frames wait. */
  afterCommit(): void {
    if (!this.manual || this.runs === 0 || this.db.inTransaction) return;
    this.commits++;
    // Takes the thread's reports that arrived since the last commit (a failure included).
    this.thread?.poll();
    const thread = this.primed && this.thread !== null && !this.thread.broken ? this.thread : null;
    if (thread !== null && this.copiedBeside) {
      // The thread's report has arrived: the frames written since are few.
      this.copiedBeside = false;
      return this.checkpointHere();
    }
    if (this.commits < this.every) return;
    if (thread !== null) {
      // commits keeps counting until the writer's own copy: what it learns covers every commit since the last.
      if (thread.request() || this.commits < this.every * 4) return;
    }
    this.checkpointHere();
  }

  /** A checkpoint on the writer's thread, and what it shows of the frames a commit writes. */
  private checkpointHere(): void {
    this.primed = true;
    const commits = this.commits;
    this.commits = 0;
    this.learn(this.checkpoint(), commits);
  }

  /** Checkpoints run between transactions since this object was made, on either thread, reports that arrived included (benchmarks, tests). */
  get checkpoints(): number {
    this.thread?.poll();
    return this.count;
  }

  /** Resolves when no checkpoint of the thread's is in flight (tests). */
  idle(): Promise<void> {
    return this.thread?.idle() ?? Promise.resolve();
  }

  /** From a checkpoint's report: how many commits write about `pages` frames. */
  private learn(r: CheckpointResult, commits: number): void {
    // A WAL that was copied back whole restarts at its first frame with the next write.
    const grown = r.log >= this.lastLog ? r.log - this.lastLog : r.log;
    const perCommit = Math.max(1, grown / Math.max(1, commits));
    this.every = Math.min(MAX_COMMITS_BETWEEN, Math.max(1, Math.round(this.pages / perCommit)));
    this.lastLog = r.busy === 0 && r.checkpointed === r.log ? 0 : r.log;
  }

  /** The last bulk writer ended: the thread is let go, the automatic checkpoint is back, and the grown WAL is folded back now. */
  end(): void {
    if (--this.runs !== 0) return;
    this.thread?.close();
    if (!this.db.open) return;
    this.db.pragma(`wal_autocheckpoint = ${this.savedPages}`);
    if (!this.db.inTransaction) this.checkpoint();
  }

  private checkpoint(): CheckpointResult {
    const started = performance.now();
    const [r] = this.db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    this.count++;
    this.log.debug('WAL checkpoint between ingest transactions (no write lock held)', { frames: r.log, copied: r.checkpointed, ms: Math.round((performance.now() - started) * 10) / 10 });
    return r;
  }
}
