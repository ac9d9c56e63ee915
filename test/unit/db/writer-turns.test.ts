// Turns at the write lock between processes (src-main/engine/db/writer-turns.ts): a writer that met the
// lock leaves a fresh side file; a one-shot batch writer pauses before its next transaction while the file
// is fresh, until the waiter was served or MAX_YIELD_MS passed; a long-running process never pauses.
// The end-to-end case runs a real console action (dispatch) against a real ingest on one database file:
// the action meets the lock, the ingest's next batch waits for it, the action applies in that pause.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { MAX_YIELD_MS, WAITING_FRESH_MS, WriterTurns, type TurnClock } from '../../../src-main/engine/db/writer-turns';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Fake wall time: each pause advances it, and may let "the other process" act. */
function fakeClock(onPause: (paused: number) => void = () => {}): TurnClock & { t: number; pauses: number } {
  const c = {
    t: 1_800_000_000_000, pauses: 0,
    now: () => c.t,
    pause: (ms: number) => {
      c.t += ms;
      c.pauses++;
      onPause(c.pauses);
    },
  };
  return c;
}

describe('writer turns', () => {
  it('a batch writer pauses while a waiter is active and goes on once it was served', () => {
    dir = mkdtempSync(join(tmpdir(), 'threatmatic-turns-'));
    const marker = join(dir, 'db-waiting');
    const time = fakeClock((n) => n === 3 && waiter.served());
    const waiter = new WriterTurns(marker, false, time);
    const batch = new WriterTurns(marker, true, time);
    expect(batch.yieldTurn()).toBe(0); // nobody waits
    waiter.waiting();
    expect(existsSync(marker)).toBe(true);
    expect(batch.yieldTurn()).toBe(15); // three pauses of 5 ms, then the waiter was served
    expect(existsSync(marker)).toBe(false);
  });

  it('ignores a side file left over from a waiter that is gone, and never pauses longer than the bound', () => {
    dir = mkdtempSync(join(tmpdir(), 'threatmatic-turns-'));
    const marker = join(dir, 'db-waiting');
    const time = fakeClock();
    // Touched just past the freshness window: a waiter that is gone.
    new WriterTurns(marker, false, { now: () => time.t - WAITING_FRESH_MS - 1, pause: () => {} }).waiting();
    expect(new WriterTurns(marker, true, time).yieldTurn()).toBe(0);
    // A waiter that stays active (it touches the file again at every retry) gets MAX_YIELD_MS, then the batch goes on.
    const waiter = new WriterTurns(marker, false, time);
    const batch = new WriterTurns(marker, true, { now: () => time.t, pause: (ms) => { time.pause(ms); waiter.waiting(); } });
    waiter.waiting();
    expect(batch.yieldTurn()).toBe(MAX_YIELD_MS);
  });

  it('reports no pause when nobody waits, even when the clock ticks while it looks', () => {
    dir = mkdtempSync(join(tmpdir(), 'threatmatic-turns-'));
    // Real wall time moves during the look at the side file; a tick there is not a waiter (the batch budget would shrink for nothing).
    let t = 1_800_000_000_000;
    const ticking: TurnClock = { now: () => t++, pause: () => {} };
    expect(new WriterTurns(join(dir, 'db-waiting'), true, ticking).yieldTurn()).toBe(0);
  });

  it('a long-running process never pauses for a waiter', () => {
    dir = mkdtempSync(join(tmpdir(), 'threatmatic-turns-'));
    const marker = join(dir, 'db-waiting');
    writeFileSync(marker, '');
    expect(new WriterTurns(marker, false, fakeClock()).yieldTurn()).toBe(0);
  });

  it("lets a console action that met an ingest's lock in before the ingest's next batch", () => {
    dir = mkdtempSync(join(tmpdir(), 'threatmatic-turns-'));
    const data = join(dir, 'data');
    // The console's process: a long-running one (20 ms lock wait in statements; here none at all).
    const consoleSide = Engine.open({ dataDir: data, log: testLogger, busyTimeoutMs: 0 });
    // The CLI ingest's process: one-shot, so it yields.
    const ingest = Engine.open({ dataDir: data, log: testLogger });
    const actor = { type: 'analyst' as const, id: 'local' };
    const block = () => dispatch(consoleSide, 'policy.blockDestination', { destination: '203.0.113.50', reason: 'c2 during an ingest' }, { actor });
    try {
      expect(ingest.sql.turns.markerPath).toBe(join(data, `${DB_FILE}-waiting`));
      // Both processes' turns on one fake wall clock: each pause of the ingest is the moment the console retries.
      let applied: unknown;
      const time = fakeClock((n) => {
        if (n === 1) applied = block();
      });
      consoleSide.sql.turns = new WriterTurns(ingest.sql.turns.markerPath, false, time);
      // The ingest holds the lock (a batch transaction in progress): the action meets it and says it waits.
      const holder = new Database(join(data, DB_FILE));
      holder.exec('BEGIN IMMEDIATE');
      expect(block).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      holder.exec('COMMIT');
      holder.close();
      expect(existsSync(ingest.sql.turns.markerPath!)).toBe(true);

      // Before its next batch the ingest pauses; during the pause the console's retry gets the lock.
      ingest.sql.turns = new WriterTurns(ingest.sql.turns.markerPath, true, time);
      ingest.ingest.ingestEvents([{ ts: Date.UTC(2026, 4, 1), kind: 'flow', src_ip: '10.0.0.5', dst_ip: '198.51.100.9', dst_port: 443, proto: 'tcp', bytes_out: 100, bytes_in: 200 }], { actor: { type: 'cli', id: 'test' }, sourceKey: 'turns-test', label: 'turns-test' });
      expect(applied).toMatchObject({ destination: '203.0.113.50', status: 'blocked' });
      expect(existsSync(ingest.sql.turns.markerPath!)).toBe(false);
      expect(ingest.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(1);
    } finally {
      ingest.close();
      consoleSide.close();
    }
  });
});
