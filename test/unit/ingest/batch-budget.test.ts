// The ingest's batch size by elapsed time (commit-budget.ts): commits slower than the lock bound shrink the
// next batches toward ~60 ms of lock, fast ones grow them back, never above the ceiling nor below the floor.
import { describe, expect, it } from 'vitest';
import { BatchBudget } from '../../../src-main/engine/ingest/commit-budget';

describe('BatchBudget', () => {
  it('shrinks after slow commits, at most halving each time, down to what fits the target', () => {
    const b = new BatchBudget(2_000);
    expect(b.events).toBe(2_000);
    b.committed(1_000, 2_000); // 2 events/ms: 60 ms is 120 events, but one commit at most halves
    expect(b.events).toBe(1_000);
    b.committed(500, 1_000);
    expect(b.events).toBe(500);
    b.committed(250, 500);
    expect(b.events).toBe(250);
    b.committed(125, 250);
    expect(b.events).toBe(125);
    b.committed(62.5, 125); // 60 ms of lock: 120 events
    expect(b.events).toBe(120);
    b.committed(600, 120); // never below the floor
    expect(b.events).toBe(100);
  });

  it('grows back after fast commits, at most doubling, never above the ceiling', () => {
    const b = new BatchBudget(2_000);
    b.committed(400, 2_000);
    expect(b.events).toBe(1_000);
    b.committed(10, 1_000); // 100 events/ms
    expect(b.events).toBe(2_000);
    b.committed(1, 2_000);
    expect(b.events).toBe(2_000);
  });

  it('ignores short batches (a file\'s end), which say little about the rate', () => {
    const b = new BatchBudget(2_000);
    b.committed(900, 300);
    expect(b.events).toBe(2_000);
    b.committed(90, 1_000);
    expect(b.events).toBe(1_000);
  });
});
