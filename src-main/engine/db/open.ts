// Opens (or creates) the Threatmatic database: refuses newer schemas untouched, then WAL + migrations.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertNotNewer, migrate } from './migrate';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

export function openDatabase(path: string, migrations = MIGRATIONS): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
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
