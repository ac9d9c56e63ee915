// WAL checkpoints of a bulk writer run between its transactions (db/wal-checkpoints.ts): the automatic
// checkpoint is off while the writer runs, afterCommit() checkpoints the first commit, then every so many
// commits as it took the last ones to write the bound's frames (on a thread of their own, or on the writer's
// when that thread cannot open the file), and end() restores the automatic checkpoint and folds the WAL back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BulkWalCheckpoints } from '../../../src-main/engine/db/wal-checkpoints';
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
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { db, path };
}

/** Frames in the WAL now (a PASSIVE checkpoint's report; it copies them too). */
const framesInWal = (db: Database.Database) => (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;

/** A logger that keeps the warnings. */
function warnings(): { log: typeof testLogger; seen: string[] } {
  const seen: string[] = [];
  return { log: { ...testLogger, warn: (msg: string, fields?: Record<string, unknown>) => void seen.push(`${msg} ${JSON.stringify(fields ?? {})}`) }, seen };
}

/** One transaction of `rows` rows of 3,000 bytes: one 4 KiB page (one WAL frame) each, plus the b-tree's. */
const write = (db: Database.Database, rows: number) => db.transaction(() => {
  const insert = db.prepare('INSERT INTO t VALUES (randomblob(3000))');
  for (let i = 0; i < rows; i++) insert.run();
}).immediate();

describe('WAL checkpoints between a bulk writer\'s transactions', () => {
  it('turns the automatic checkpoint off while the writer runs and checkpoints about every bound\'s worth of frames, beside the writer', async () => {
    const { db, path } = openWal();
    const { log, seen } = warnings();
    const wal = new BulkWalCheckpoints(db, path, 100, log);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    wal.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    write(db, 30);
    wal.afterCommit(); // the first commit: checkpointed, and it shows ~30 frames a commit
    expect(wal.checkpoints).toBe(1);
    for (let i = 0; i < 2; i++) {
      write(db, 30);
      wal.afterCommit();
    }
    expect(wal.checkpoints).toBe(1); // ~60 frames wait: under the bound
    write(db, 30);
    wal.afterCommit(); // the third commit since: ~100 frames, asked of the thread, which reports later
    expect(wal.checkpoints).toBe(1);
    await wal.idle();
    expect(wal.checkpoints).toBe(2);
    // After its next commit the writer copies what it wrote while the thread copied the rest: all is copied
    // back, so the next write starts the WAL again from its first frame.
    write(db, 10);
    wal.afterCommit();
    expect(wal.checkpoints).toBe(3);
    write(db, 10);
    expect(framesInWal(db)).toBeLessThan(20);
    write(db, 10);
    wal.end();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(wal.checkpoints).toBe(4); // the end folds the WAL back
    expect(seen).toEqual([]);
    db.close();
  });

  it('takes the thread\'s reports in a writer that never yields to the event loop', () => {
    const { db, path } = openWal();
    const { log, seen } = warnings();
    const wal = new BulkWalCheckpoints(db, path, 100, log);
    wal.start();
    const commit = (rows: number) => {
      write(db, rows);
      wal.afterCommit();
    };
    commit(30); // the first: on the writer's thread
    for (let i = 0; i < 3; i++) commit(30); // ~100 frames: asked of the thread
    expect(wal.checkpoints).toBe(1);
    // No await anywhere in this test: the report is taken from its port, not delivered by the event loop.
    const sleep = new Int32Array(new SharedArrayBuffer(4));
    for (let waited = 0; waited < 5000 && wal.checkpoints < 2; waited += 20) Atomics.wait(sleep, 0, 0, 20);
    expect(wal.checkpoints).toBe(2);
    commit(10);
    expect(framesInWal(db)).toBeLessThan(20); // the thread had copied the WAL back whole
    wal.end();
    expect(seen).toEqual([]);
    db.close();
  });

  it('checkpoints on the writer\'s thread, with a warning, when the checkpoint thread cannot open the file', async () => {
    const { db } = openWal();
    const { log, seen } = warnings();
    const wal = new BulkWalCheckpoints(db, join(dir!, 'no-such.db'), 100, log);
    wal.start();
    write(db, 30);
    wal.afterCommit(); // the first: on the writer's thread
    for (let i = 0; i < 3; i++) {
      write(db, 30);
      wal.afterCommit();
    }
    await wal.idle(); // the thread's refusal
    expect(seen.join('\n')).toMatch(/checkpoint thread failed.*no-such\.db|checkpoint thread failed.*(exist|unable to open)/i);
    expect(wal.checkpoints).toBe(1);
    write(db, 30);
    wal.afterCommit();
    expect(wal.checkpoints).toBe(2); // due since the thread was asked, and run here
    write(db, 10);
    expect(framesInWal(db)).toBeLessThan(20);
    wal.end();
    db.close();
  });

  it('keeps the WAL near its bound while the writer commits during the thread\'s copies', async () => {
    const { db, path } = openWal();
    const frames: number[] = [];
    const log = {
      ...testLogger,
      debug: (msg: string, f?: Record<string, unknown>) => {
        if (msg.startsWith('WAL checkpoint')) frames.push(Number(f?.frames));
      },
    };
    const wal = new BulkWalCheckpoints(db, path, 300, log);
    wal.start();
    for (let i = 0; i < 400; i++) {
      write(db, 30);
      wal.afterCommit();
      // An ingest lets the event loop run between chunks; the thread copies meanwhile.
      if (i % 4 === 0) await new Promise((r) => setImmediate(r));
    }
    await wal.idle();
    wal.end();
    db.close();
    expect(frames.length).toBeGreaterThan(20);
    // Each report counts the frames in the WAL: ~300–500 a cycle here, ~1,200 when the thread is slow to start
    // and the writer copies at four times the bound. Without the writer's own copy after each of the thread's,
    // the WAL was never whole and never restarted: 12,000 frames by the end.
    expect(Math.max(...frames)).toBeLessThan(10 * 300);
  });

  it('leaves the automatic checkpoint on, at the bound, for an in-memory database', () => {
    const db = new Database(':memory:');
    const wal = new BulkWalCheckpoints(db, null, 16_384, testLogger);
    wal.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(16_384);
    wal.afterCommit();
    expect(wal.checkpoints).toBe(0);
    wal.end();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
