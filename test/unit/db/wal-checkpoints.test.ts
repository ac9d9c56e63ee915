// WAL checkpoints of a bulk writer run between its transactions (db/wal-checkpoints.ts): the wal-index
// says how many frames wait, the automatic checkpoint is off while the writer runs, afterCommit() copies
// the frames back once they reach the bound, and end() restores the automatic checkpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BulkWalCheckpoints, pendingWalFrames } from '../../../src-main/engine/db/wal-checkpoints';
import { testLogger } from '../../support/test-logger';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function openWal(): { db: Database.Database; path: string } {
  dir = mkdtempSync(join(tmpdir(), 'threatmatic-wal-'));
  const path = join(dir, 'test.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (v BLOB)');
  return { db, path };
}

const write = (db: Database.Database, rows: number) => db.transaction(() => {
  const insert = db.prepare('INSERT INTO t VALUES (randomblob(3000))');
  for (let i = 0; i < rows; i++) insert.run();
}).immediate();

describe('WAL checkpoints between a bulk writer\'s transactions', () => {
  it('reads the frames waiting in the WAL from the wal-index', () => {
    const { db, path } = openWal();
    db.pragma('wal_autocheckpoint = 0');
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(pendingWalFrames(`${path}-shm`)).toBe(0);
    write(db, 50); // 50 rows of 3,000 bytes: at least 37 pages of 4 KiB, each a frame
    const pending = pendingWalFrames(`${path}-shm`)!;
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    expect(pending).toBeGreaterThanOrEqual(37);
    expect(pending).toBe(log);
    expect(pendingWalFrames(`${path}-shm`)).toBe(0);
    expect(pendingWalFrames(join(dir!, 'missing.db-shm'))).toBeNull();
    db.close();
  });

  it('turns the automatic checkpoint off while the writer runs and checkpoints after a commit at the bound', () => {
    const { db, path } = openWal();
    const wal = new BulkWalCheckpoints(db, path, 100, testLogger);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    wal.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    write(db, 40);
    const below = pendingWalFrames(`${path}-shm`)!;
    expect(below).toBeGreaterThan(0);
    expect(below).toBeLessThan(100);
    wal.afterCommit(); // under the bound: nothing copied
    expect(pendingWalFrames(`${path}-shm`)).toBe(below);
    write(db, 120);
    expect(pendingWalFrames(`${path}-shm`)).toBeGreaterThanOrEqual(100);
    wal.afterCommit();
    expect(pendingWalFrames(`${path}-shm`)).toBe(0);
    write(db, 10);
    wal.end();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(pendingWalFrames(`${path}-shm`)).toBe(0); // the end folds the WAL back
    db.close();
  });

  it('leaves the automatic checkpoint on, at the bound, for an in-memory database', () => {
    const db = new Database(':memory:');
    const wal = new BulkWalCheckpoints(db, null, 16_384, testLogger);
    wal.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384);
    wal.end();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
