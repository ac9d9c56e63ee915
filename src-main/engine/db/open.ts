// Opens (or creates) the Threatmatic database: refuses newer schemas untouched, then WAL + migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertNotNewer, migrate } from './migrate';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

/**
 * How long one statement waits for another connection's write lock. better-sqlite3 is synchronous, so
 * the wait blocks the whole thread: one-shot commands (CLI ingest, imports) may wait long; long-running
 * processes (serve, the desktop app) wait only briefly and retry asynchronously (doors/busy-retry.ts),
 * so their event loop keeps serving files and reads while another process writes.
 */
export const BATCH_BUSY_TIMEOUT_MS = 5000;
export const SERVER_BUSY_TIMEOUT_MS = 20;

export interface OpenOptions {
  /** busy_timeout for this connection; BATCH_BUSY_TIMEOUT_MS unless the process is long-running. */
  busyTimeoutMs?: number;
}

export function openDatabase(path: string, migrations = MIGRATIONS, opts: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    assertNotNewer(db, migrations, path);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(opts.busyTimeoutMs ?? BATCH_BUSY_TIMEOUT_MS))}`);
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
