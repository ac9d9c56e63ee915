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
 * processes (serve, the desktop app) do not wait inside a statement at all and retry asynchronously
 * (doors/busy-retry.ts), so their event loop keeps serving files and reads while another process writes.
 * (At 20 ms a wait, serve spent a third of a 1M-event CLI ingest blocked in its actions' busy waits.)
 */
export const BATCH_BUSY_TIMEOUT_MS = 5000;
export const SERVER_BUSY_TIMEOUT_MS = 0;

export interface OpenOptions {
  /** busy_timeout for this connection; BATCH_BUSY_TIMEOUT_MS unless the process is long-running. */
  busyTimeoutMs?: number;
  /** Files up to this size get the whole quick_check at open; larger ones the bounded one (tests set it). */
  fullCheckMaxBytes?: number;
}

/**
 * The open-time check's bound. quick_check reads every page: about 7 ms per MiB measured here, so on a
 * 1M-event database (~400 MiB) every CLI command paid seconds. Up to this size the whole file is
 * checked at every open; above it, every table but the bulk ones below, and the bulk ones' root pages
 * (what any statement on them reads first). `threatmatic db check` reads everything (docs/data-store.md).
 */
const FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024;
/**
 * Page size of a database this process creates (an existing file keeps its own). The cost of an ingest commit
 * is the pages it writes to the WAL (two writes each, ~7-10 µs here) and the next checkpoint copies back, and
 * most of them are scattered derived rows (a device's last-seen, its baseline row, an hourly roll-up): one
 * page each however small the row, so with pages twice as large a 1,000-event batch writes 231 pages instead
 * of 382 (`npm run bench -- wal-pages`), 1.9 MB instead of 1.5. SQLite's default is 4,096.
 */
const NEW_PAGE_SIZE = 8192;
/** Append-mostly tables that hold nearly all of a large database's pages (events and what is derived from them). */
const BULK_TABLES = new Set(['events', 'intel_hits', 'rejects', 'entity_hourly', 'entity_destinations', 'entity_learned', 'derived_journal', 'event_log', 'indicators', 'indicator_sources', 'dns_names', 'posture_history', 'policy_violations']);

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
    assertIntact(db, path, opts.fullCheckMaxBytes ?? FULL_CHECK_MAX_BYTES);
    // Before anything is written: the page size of a file is fixed by its first table (in WAL mode, for good).
    if ((db.pragma('page_count', { simple: true }) as number) === 0) db.pragma(`page_size = ${NEW_PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(opts.busyTimeoutMs ?? BATCH_BUSY_TIMEOUT_MS))}`);
    db.pragma('foreign_keys = ON');
    // 32 MiB of pages per connection: a 10,000-device ingest's commit dirties ~9 MB, and the OS caches the
    // file too. 64 MiB filled up on large fleets and added ~40 MiB to the process's peak, for no ingest
    // speed measured (same-process alternating runs, BENCHMARKS.md).
    db.pragma('cache_size = -32768');
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
 * PRAGMA quick_check: pages and b-tree structure are read and checked (not index contents against
 * tables: that is `threatmatic db check`). A damaged file is refused before anything writes. Above
 * `maxBytes` the check is bounded (see FULL_CHECK_MAX_BYTES): damage deep inside a bulk table is then
 * found when a statement reads that page (the same refusal, database_corrupt) or by `db check`.
 */
function assertIntact(db: Db, path: string, maxBytes: number): void {
  const bytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const problems: string[] = [];
  if (bytes <= maxBytes) problems.push(...quickCheck(db, `quick_check(${SHOWN_PROBLEMS})`));
  else {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      const quoted = `"${t.replace(/"/g, '""')}"`;
      // Its root page and first leaf: enough for any statement on the table to start.
      if (BULK_TABLES.has(t)) db.prepare(`SELECT * FROM ${quoted} NOT INDEXED LIMIT 1`).get();
      else problems.push(...quickCheck(db, `quick_check(${quoted})`).filter((p) => p !== 'ok'));
    }
    if (problems.length === 0) problems.push('ok');
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw corrupt(path, `quick_check: ${problems.slice(0, SHOWN_PROBLEMS).join('; ').replace(/\s+/g, ' ')}`);
}

function quickCheck(db: Db, pragma: string): string[] {
  return (db.pragma(pragma) as { quick_check: string }[]).map((r) => r.quick_check);
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
