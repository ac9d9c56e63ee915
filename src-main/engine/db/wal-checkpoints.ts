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
// After a run's first checkpoint, the copies run on a thread of their own (checkpoint-thread.ts): the
// writer asks and goes on with its next batch. If that thread is still copying when the next is due, the
// writer waits for nothing and asks again later, unless the WAL has grown to four times the bound
// meanwhile: then it checkpoints itself, so the WAL stays bounded whatever the thread does.
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
  /** Commits the thread's checkpoint in flight covers. */
  private askedAfter = 0;
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
      this.learn(r.result, this.askedAfter);
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
  }

  /** After one of the writer's transactions, outside it: a PASSIVE checkpoint when about `pages` frames wait. */
  afterCommit(): void {
    if (!this.manual || this.runs === 0 || this.db.inTransaction) return;
    if (++this.commits < this.every) return;
    const thread = this.thread;
    if (this.primed && thread !== null && !thread.broken) {
      if (thread.request()) {
        this.askedAfter = this.commits;
        this.commits = 0;
        return;
      }
      if (this.commits < this.every * 4) return;
    }
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
