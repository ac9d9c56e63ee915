// The ingest's batch size by elapsed time (commit-budget.ts): while another process's writer waits, commits
// slower than the target shrink the next batches toward ~60 ms of lock and fast ones grow them, never above
// the ceiling nor below the floor; with nobody waiting the batches grow back to the ceiling.
import { describe, expect, it } from 'vitest';
import { BatchBudget } from '../../../src-main/engine/ingest/commit-budget';

describe('BatchBudget', () => {
  it('keeps the ceiling while nobody waits, however slow the commits', () => {
    const b = new BatchBudget(2_000);
    b.committed(5_000, 2_000, 1_000);
    expect(b.events).toBe(2_000);
  });

  it('while a writer waits, shrinks after slow commits (at most to a quarter each time) to what fits the target', () => {
    const b = new BatchBudget(2_000);
    b.waiterSeen(0);
    b.committed(1_000, 2_000, 1_000); // 2 events/ms: 60 ms is 120 events, but one commit at most quarters
    expect(b.events).toBe(500);
    b.committed(250, 500, 1_300);
    expect(b.events).toBe(125);
    b.committed(62.5, 125, 1_400); // 60 ms of lock: 120 events
    expect(b.events).toBe(120);
    b.committed(600, 120, 2_000); // never below the floor
    expect(b.events).toBe(100);
  });

  it('grows back, doubling, when commits are fast or nobody waited for 10 s; never above the ceiling', () => {
    const b = new BatchBudget(2_000);
    b.waiterSeen(0);
    b.committed(1_000, 2_000, 1_000);
    b.committed(1_000, 500, 2_000);
    expect(b.events).toBe(125);
    b.committed(1, 125, 3_000); // fast: at most double
    expect(b.events).toBe(250);
    b.committed(100, 250, 10_000); // nobody waited since 0
    expect(b.events).toBe(500);
    b.committed(100, 500, 10_100);
    b.committed(100, 1_000, 10_200);
    b.committed(100, 2_000, 10_300);
    expect(b.events).toBe(2_000);
  });

  it('ignores short batches (a file\'s end), which say little about the rate', () => {
    const b = new BatchBudget(2_000);
    b.waiterSeen(0);
    b.committed(900, 300, 100);
    expect(b.events).toBe(2_000);
    b.committed(90, 1_000, 200);
    expect(b.events).toBe(667);
  });
});
