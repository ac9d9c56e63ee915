// Pages of new databases are 8 KiB (fewer WAL frames per ingest commit: db/open.ts); a file created with
// SQLite's default 4 KiB pages by an earlier build keeps them, migrates and takes writes as before.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/engine/db/open';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';
import { tempDir } from '../ingest/helpers';

const pageSize = (db: Database.Database) => db.pragma('page_size', { simple: true }) as number;

describe('page size', () => {
  it('a new database file has 8 KiB pages, in WAL mode', () => {
    const db = openDatabase(join(tempDir('tm-page-'), 'new.db'));
    expect(pageSize(db)).toBe(8192);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('a file made with 4 KiB pages keeps them through the migrations and later writes', () => {
    const path = join(tempDir('tm-page-'), 'old.db');
    const early = openDatabase(path, MIGRATIONS.slice(0, 3));
    early.close();
    const raw = new Database(path);
    // A WAL file's page size is fixed; out of WAL mode, VACUUM rewrites the file with the size asked for.
    raw.pragma('journal_mode = DELETE');
    raw.pragma('page_size = 4096');
    raw.exec('VACUUM');
    expect(pageSize(raw)).toBe(4096);
    raw.close();
    const db = openDatabase(path);
    expect(pageSize(db)).toBe(4096);
    db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get('k')).toBe('v');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    db.close();
  });
});
