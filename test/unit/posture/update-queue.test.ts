// The posture update queue under a bulk ingest: background flushes rescore in parts with pauses between
// them, a busy database keeps the work for a later try, and a query's flush still applies everything at once.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { testLogger } from '../../support/test-logger';
import { BACKGROUND_CHUNK, FLUSH_DELAY_MS, UpdateQueue, type QueuedWork } from '../../../src-main/engine/posture/update-queue';

const refs = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'device' as const, id: `dev-${i}` }));
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

// The queue's timers run on a ManualClock: time is advanced, never waited for.
const clock = new ManualClock(Date.UTC(2026, 4, 1));
/** Runs every pending timer, and those they schedule, however far ahead. */
const runAll = () => {
  while (clock.scheduled > 0) clock.advance(60_000);
};

describe('posture update queue', () => {
  it('rescores a large dirty set in the background part by part, each entity once', () => {
    const done: QueuedWork[] = [];
    const q = new UpdateQueue((w) => done.push(w), testLogger, clock);
    q.add(refs(2 * BACKGROUND_CHUNK + 50));
    clock.advance(FLUSH_DELAY_MS - 1);
    expect(done).toEqual([]);
    clock.advance(1);
    expect(done.map((w) => w.refs.length)).toEqual([BACKGROUND_CHUNK]);
    runAll();
    expect(done.map((w) => w.refs.length)).toEqual([BACKGROUND_CHUNK, BACKGROUND_CHUNK, 50]);
    expect(new Set(done.flatMap((w) => w.refs.map((r) => r.id))).size).toBe(2 * BACKGROUND_CHUNK + 50);
    expect(q.pending).toBe(false);
  });

  it('a query\'s flush applies everything pending at once', () => {
    const done: QueuedWork[] = [];
    const q = new UpdateQueue((w) => done.push(w), testLogger, clock);
    q.add(refs(3 * BACKGROUND_CHUNK));
    q.flush();
    expect(done.map((w) => w.refs.length)).toEqual([3 * BACKGROUND_CHUNK]);
  });

  it('keeps the work when another process holds the write lock, and applies it on a later try', () => {
    const done: QueuedWork[] = [];
    let locked = true;
    const errors: string[] = [];
    const q = new UpdateQueue((w) => {
      if (locked) throw busy();
      done.push(w);
    }, { ...testLogger, error: (m) => errors.push(m) }, clock);
    q.add(refs(3));
    q.flush();
    expect(q.pending).toBe(true);
    locked = false;
    runAll();
    expect(done.map((w) => w.refs.map((r) => r.id))).toEqual([['dev-0', 'dev-1', 'dev-2']]);
    expect(errors).toEqual([]);
  });
});
