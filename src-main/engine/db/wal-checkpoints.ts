// WAL checkpoints of a bulk writer (an ingest), run between its transactions instead of inside its commits.
// SQLite's automatic checkpoint runs in the committing call, after the transaction: it is PASSIVE, so it
// holds no write lock and other connections write meanwhile, but the committing thread waits for it (at
// 16k pages, 100–250 ms here), and every figure timed around a commit (the ingest's lock time, the batch
// budget sized from it) counted that copy as if it held the lock. So while a bulk writer runs, automatic
// checkpoints are off and the writer asks `afterCommit()` after each transaction: when the WAL holds
// `pages` frames not yet copied back, it runs the same PASSIVE checkpoint there, timed on its own.
//
// How many frames wait is read from the wal-index (`<db>-shm`), whose layout is part of SQLite's file
// format (https://www.sqlite.org/walformat.html, section 2.2; SQLite's own e_walauto tests read it the
// same way): header copy 1 at 0 (iVersion at 0, isInit at 12, mxFrame at 16), copy 2 at 48, and
// nBackfill at 96, in the host's byte order. Anything unexpected (no shm file, another version, the two
// header copies differing mid-write) leaves the automatic checkpoint on, as before.
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import type { Db } from './open';
import type { Logger } from '../log';

const WAL_INDEX_VERSION = 3007000;
const HEADER_BYTES = 48;
const READ_BYTES = 100;

/** Frames written to the WAL and not yet copied into the database, or null when the wal-index cannot be read. */
export function pendingWalFrames(shmPath: string): number | null {
  let fd: number;
  try {
    fd = openSync(shmPath, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(READ_BYTES);
    if (readSync(fd, buf, 0, READ_BYTES, 0) < READ_BYTES) return null;
    const le = endianness() === 'LE';
    const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
    if (u32(0) !== WAL_INDEX_VERSION || buf[12] !== 1) return null;
    // SQLite writes the two copies in turn; a read between them is not trusted.
    if (!buf.subarray(0, HEADER_BYTES).equals(buf.subarray(HEADER_BYTES, HEADER_BYTES * 2))) return null;
    const mxFrame = u32(16);
    const backfilled = u32(96);
    return mxFrame >= backfilled ? mxFrame - backfilled : null;
  } finally {
    closeSync(fd);
  }
}

export class BulkWalCheckpoints {
  private runs = 0;
  private savedPages = 1000;
  /** Whether this process checkpoints between transactions (false: SQLite's automatic checkpoint does, at `pages`). */
  private manual = false;

  constructor(
    private readonly db: Db,
    /** The database file; null for an in-memory database (no WAL). */
    private readonly dbPath: string | null,
    /** Frames the WAL may hold before a checkpoint copies them back. */
    private readonly pages: number,
    private readonly log: Logger,
  ) {}

  /** Bulk writers running in this process. */
  get running(): number {
    return this.runs;
  }

  /** A bulk writer starts: checkpoints move between its transactions (nested runs share one setting). */
  start(): void {
    if (this.runs++ !== 0) return;
    this.savedPages = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.manual = this.dbPath !== null && pendingWalFrames(`${this.dbPath}-shm`) !== null;
    this.db.pragma(`wal_autocheckpoint = ${this.manual ? 0 : this.pages}`);
  }

  /** After one of the writer's transactions, outside it: a PASSIVE checkpoint when enough frames wait. */
  afterCommit(): void {
    if (!this.manual || this.db.inTransaction) return;
    const pending = pendingWalFrames(`${this.dbPath}-shm`);
    if (pending === null || pending < this.pages) return;
    this.checkpoint(pending);
  }

  /** The last bulk writer ended: the automatic checkpoint is back, and the grown WAL is folded back now. */
  end(): void {
    if (--this.runs !== 0 || !this.db.open) return;
    this.db.pragma(`wal_autocheckpoint = ${this.savedPages}`);
    if (!this.db.inTransaction) this.checkpoint(null);
  }

  private checkpoint(pending: number | null): void {
    const started = performance.now();
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.log.debug('WAL checkpoint between ingest transactions (no write lock held)', { frames: pending, ms: Math.round((performance.now() - started) * 10) / 10 });
  }
}
