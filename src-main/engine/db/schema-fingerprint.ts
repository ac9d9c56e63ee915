// Recognizes which schema version a database's tables belong to when its user_version was lost, as a
// restore from `sqlite3 .dump` loses it (the dump carries tables and rows but not PRAGMA user_version).
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { schemaVersion, type Migration } from './migrate';

/** Tables, indexes, views and triggers as their CREATE text (SQLite's own tables left out). */
function schemaFingerprint(db: Db): string {
  const rows = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name").all();
  return JSON.stringify(rows);
}

/** True when user_version says 0 but the file already holds tables: a database whose version was lost. */
export function isUnversioned(db: Db): boolean {
  if (schemaVersion(db) !== 0) return false;
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' LIMIT 1").get() !== undefined;
}

/** The version whose migrations create exactly this schema, or null when none does. */
export function matchingVersion(db: Db, migrations: readonly Migration[]): number | null {
  const target = schemaFingerprint(db);
  const scratch = new Database(':memory:');
  try {
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      scratch.transaction(() => m.up(scratch))();
      if (schemaFingerprint(scratch) === target) return m.version;
    }
    return null;
  } finally {
    scratch.close();
  }
}
