// Migrations run once, in one transaction, tracked in user_version; a newer database is refused untouched.
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestVersion, migrate, schemaVersion, type Migration } from '../../../src-main/engine/db/migrate';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';
import { openDatabase } from '../../../src-main/engine/db/open';

const tmp = () => mkdtempSync(join(tmpdir(), 'tm-db-'));

describe('migrations', () => {
  it('are numbered in steps of 10, unique and ascending', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.every((v) => v % 10 === 0)).toBe(true);
    expect(new Set(versions).size).toBe(versions.length);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('bring a new database to the latest version in WAL mode, and re-opening applies nothing', () => {
    const path = join(tmp(), 'a.db');
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(latestVersion(MIGRATIONS));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = new Database(path);
    expect(migrate(again, MIGRATIONS)).toEqual([]);
    again.close();
  });

  it('roll back every step when one migration fails', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      { version: 10, name: 'ok', up: (d) => d.exec('CREATE TABLE t1 (x)') },
      { version: 20, name: 'bad', up: (d) => d.exec('CREATE TABLE t2 (x); SELECT * FROM no_such_table') },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 't1'").pluck().get()).toBe(0);
  });

  it('refuse a database from a newer version with a clear message and leave the file byte-identical', () => {
    const path = join(tmp(), 'newer.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE future (x)');
    raw.pragma(`user_version = ${latestVersion(MIGRATIONS) + 1000}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(/newer than this Threatmatic understands.*left untouched/);
    expect(readFileSync(path).equals(before)).toBe(true);
    const check = new Database(path);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('keep every entity_learned row when they move to the appended layout, which lists them in seq order', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version < 920));
    const insert = db.prepare('INSERT INTO entity_learned (entity_id, seq, once, names) VALUES (?, ?, ?, ?)');
    const rows = [['dev-b', 7, '[]', '["b.example"]'], ['dev-a', 9, '[["203.0.113.1",1,2,3,4]]', '[]'], ['dev-a', 3, '[]', '["a.example"]'], ['dev-c', 5, '[]', '[]']];
    for (const r of rows) insert.run(...r);
    migrate(db, MIGRATIONS);
    expect(db.prepare('SELECT entity_id, seq, once, names FROM entity_learned ORDER BY rowid').raw().all()).toEqual([...rows].sort((a, b) => (a[1] as number) - (b[1] as number)));
    // One entity's rows come through the index, and a second row for the same (entity, seq) is refused as before.
    expect(db.prepare("EXPLAIN QUERY PLAN SELECT once FROM entity_learned WHERE entity_id = 'dev-a' ORDER BY seq").all()).toEqual([expect.objectContaining({ detail: expect.stringContaining('USING INDEX entity_learned_entity') })]);
    expect(() => insert.run('dev-a', 9, '[]', '[]')).toThrow(/UNIQUE/);
  });
});
