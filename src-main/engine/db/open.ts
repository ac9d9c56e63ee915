// Opens (or creates) the Threatmatic database: refuses newer, unversioned and damaged files untouched,
// then WAL + migrations. Store faults (disk full, read-only, damaged) become one-line UserErrors.
// The file and the ones SQLite writes beside it are owner-only (0600) from creation (private-files.ts).
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { UserError } from '../errors';
import { assertNotNewer, migrate, type Migration } from './migrate';
import { MIGRATIONS } from './migrations/index';
import { ensurePrivateDir, privateDatabaseFiles } from './private-files';
import { isUnversioned, matchingVersion } from './schema-fingerprint';
import { corrupt, storeFault } from './store-fault';

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
  let db: Db | undefined;
  try {
    if (path !== ':memory:') {
      // A folder made here is 0700; one that already held the file is the caller's to narrow (the engine does its data folder).
      ensurePrivateDir(dirname(path), { tighten: false });
      privateDatabaseFiles(path);
    }
    db = new Database(path);
    db.pragma(`busy_timeout = ${BATCH_BUSY_TIMEOUT_MS}`);
    // Every check reads only: a file we refuse is left byte-identical (no WAL switch, no migration).
    assertNotNewer(db, migrations, path);
    assertVersioned(db, migrations, path);
    assertIntact(db, path);
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
    db?.close();
    throw storeFault(err, path) ?? err;
  }
}

/** How many problems quick_check reports at most (it stops looking after that many). */
const SHOWN_PROBLEMS = 5;

/**
 * PRAGMA quick_check: every page and b-tree structure is read and checked (not index contents
 * against tables: that is `threatmatic db check`). A damaged file is refused before anything writes.
 */
function assertIntact(db: Db, path: string): void {
  const problems = (db.pragma(`quick_check(${SHOWN_PROBLEMS})`) as { quick_check: string }[]).map((r) => r.quick_check);
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw corrupt(path, `quick_check: ${problems.join('; ').replace(/\s+/g, ' ')}`);
}

/** A file with tables but user_version 0 (restored from `sqlite3 .dump`): migrating it would fail on the first CREATE. */
function assertVersioned(db: Db, migrations: readonly Migration[], path: string): void {
  if (!isUnversioned(db)) return;
  const version = matchingVersion(db, migrations);
  throw new UserError(
    'database_unversioned',
    version !== null
      ? `${path} has the tables of schema version ${version} but no schema version (user_version 0), as after a restore from 'sqlite3 .dump'. Run 'threatmatic db check --restore-version' to record version ${version}; the file was left untouched`
      : `${path} holds tables that match no Threatmatic schema and has no schema version (user_version 0). Restore the data folder from a file copy or 'sqlite3 .backup' rather than an SQL dump, or choose another with --data-dir; the file was left untouched`,
    'database',
  );
}
