// Opens (or creates) the Threatmatic database: refuses newer schemas untouched, then WAL + migrations.
// The file and the ones SQLite writes beside it are owner-only (0600) from creation (private-files.ts).
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { assertNotNewer, migrate } from './migrate';
import { MIGRATIONS } from './migrations/index';
import { ensurePrivateDir, privateDatabaseFiles } from './private-files';

export type Db = Database.Database;

export function openDatabase(path: string, migrations = MIGRATIONS): Db {
  if (path !== ':memory:') {
    // A folder made here is 0700; one that already held the file is the caller's to narrow (the engine does its data folder).
    ensurePrivateDir(dirname(path), { tighten: false });
    privateDatabaseFiles(path);
  }
  const db = new Database(path);
  try {
    assertNotNewer(db, migrations, path);
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
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
