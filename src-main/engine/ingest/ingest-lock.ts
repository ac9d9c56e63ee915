// One ingest at a time per database, across processes: a second ingest waits for the first to finish
// instead of interleaving with it. The lock is an exclusive SQLite lock on a small side file next to the
// database, so the operating system releases it when its holder exits in any way, kill -9 included.
import Database from 'better-sqlite3';
import { delay, type Scheduler } from '../clock';
import { privateDatabaseFiles } from '../db/private-files';

/** How often a waiting ingest tries again. */
const RETRY_MS = 200;

export interface HeldLock { release(): void }

export class IngestLock {
  private held = false;
  private conn: Database.Database | null = null;

  /** `path`: the side file (created if missing); null for an in-memory database, which no other process can open. */
  constructor(
    private readonly path: string | null,
    /** Paces the retries (a ManualClock in tests); kept alive, so a CLI ingest waiting for the lock does not exit. */
    private readonly scheduler: Scheduler,
  ) {}

  /** Takes the lock now if it is free; null when another ingest (of this process or another) holds it. */
  tryAcquire(): HeldLock | null {
    if (this.held) return null;
    if (this.path !== null) {
      // Owner-only like every file in the data folder (created 0600 before SQLite opens it, its journal too).
      privateDatabaseFiles(this.path);
      const conn = new Database(this.path, { timeout: 0 });
      try {
        conn.exec('CREATE TABLE IF NOT EXISTS ingest_lock (held INTEGER)');
        conn.exec('BEGIN EXCLUSIVE');
      } catch (err) {
        conn.close();
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
        throw err;
      }
      this.conn = conn;
    }
    this.held = true;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.held = false;
        this.conn?.close();
        this.conn = null;
      },
    };
  }

  /**
   * Whether an ingest of another process holds the lock now (this process's own does not count). It takes
   * the lock for an instant when it is free, so an ingest starting at that instant retries once (acquire).
   */
  heldElsewhere(): boolean {
    if (this.held || this.path === null) return false;
    const lock = this.tryAcquire();
    if (lock === null) return true;
    lock.release();
    return false;
  }

  /** Waits for the lock, telling `onWait` once when it has to (from the second try: the first may meet a heldElsewhere look). */
  async acquire(onWait: () => void): Promise<HeldLock> {
    let told = false;
    for (let attempt = 1; ; attempt++) {
      const lock = this.tryAcquire();
      if (lock) return lock;
      if (!told && attempt > 1) {
        told = true;
        onWait();
      }
      await delay(this.scheduler, RETRY_MS, { keepAlive: true });
    }
  }
}
