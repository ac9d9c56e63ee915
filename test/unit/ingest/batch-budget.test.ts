// The ingest's batch size by elapsed time (commit-budget.ts, THREATMATIC_INGEST_BATCH_BY_TIME=1): commits slower
// than the target shrink the next batches toward ~40 ms of lock and fast ones grow them (at most doubling),
// never above the ceiling nor below the floor; the first batch is small, before any commit has shown the rate.
// By default every batch is BATCH_EVENTS long, whatever its commit took.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { BATCH_EVENTS, BatchBudget } from '../../../src-main/engine/ingest/commit-budget';
import { makeEvent, prng } from '../../fixtures/ingest/generate-canonical';
import { commitLog } from '../../support/commit-log';
import { actor, tempDir } from './helpers';

describe('BatchBudget', () => {
  it('starts small and grows, doubling, to the ceiling while commits are fast', () => {
    const b = new BatchBudget(2_000);
    expect(b.events).toBe(500);
    b.committed(5, 500); // 100 events/ms: far more than the ceiling fits in 40 ms, but at most double
    expect(b.events).toBe(1_000);
    b.committed(10, 1_000);
    expect(b.events).toBe(2_000);
    b.committed(20, 2_000);
    expect(b.events).toBe(2_000);
  });

  it('shrinks after slow commits (at most to a quarter each time) to what fits the target', () => {
    const b = new BatchBudget(2_000);
    b.committed(10, 500);
    b.committed(10, 1_000);
    expect(b.events).toBe(2_000);
    b.committed(1_000, 2_000); // 2 events/ms: 40 ms is 80 events, but one commit at most quarters
    expect(b.events).toBe(500);
    b.committed(250, 500);
    expect(b.events).toBe(125);
    b.committed(25, 125); // 5 events/ms: 40 ms of lock is 200 events
    expect(b.events).toBe(200);
    b.committed(600, 200); // never below the floor
    expect(b.events).toBe(100);
  });

  it('ignores short batches (a file\'s end), which say little about the rate', () => {
    const b = new BatchBudget(2_000);
    b.committed(900, 200);
    expect(b.events).toBe(500);
    b.committed(90, 500); // 40 ms at 5.6 events/ms
    expect(b.events).toBe(222);
  });

  it('keeps every batch at the given size when asked to (known commit boundaries)', () => {
    const b = new BatchBudget(2_000, false);
    expect(b.events).toBe(2_000);
    b.committed(5_000, 2_000);
    expect(b.events).toBe(2_000);
  });
});

describe('an ingest\'s batches by default', () => {
  const ingestBatches = (groupEvents?: number) => {
    const { log, commits } = commitLog();
    const judged: number[] = [];
    const engine = Engine.open({ dataDir: tempDir('tm-batches-'), clock: new ManualClock(Date.UTC(2026, 4, 2)), log, ingestGroupEvents: groupEvents });
    try {
      engine.ingest.addObserver({ onBatch: (events) => void judged.push(events.length) });
      const rand = prng(3);
      const o = { devices: 50, externals: 100, domains: 50, users: 10, start: Date.UTC(2026, 4, 1), seed: 3 };
      engine.ingest.ingestEvents(Array.from({ length: BATCH_EVENTS * 2 + 700 }, (_, i) => makeEvent(rand, i, o)), { actor, sourceKey: 'batches', label: 'batches' });
    } finally {
      engine.close();
    }
    return { judged, commits };
  };

  it('are all BATCH_EVENTS long whatever the commits took, so the verdicts judged at each end at the same events on any machine', () => {
    const { judged, commits } = ingestBatches();
    expect(judged).toEqual([BATCH_EVENTS, BATCH_EVENTS, 700]);
    // A one-shot process commits them together while nobody waits (GROUP_EVENTS)...
    expect(commits.filter((c) => c.what === 'batch').map((c) => [c.events, c.batches])).toEqual([[BATCH_EVENTS * 2 + 700, 3]]);
    // ...then, in a transaction of its own, the events are indexed by entity (fewer than INDEX_EVERY: once, at the end).
    expect(commits.filter((c) => c.what === 'index').map((c) => c.events)).toEqual([BATCH_EVENTS * 2 + 700]);
  });

  it('commit one by one when a transaction may hold one event only, and are judged the same', () => {
    const { judged, commits } = ingestBatches(1);
    expect(judged).toEqual([BATCH_EVENTS, BATCH_EVENTS, 700]);
    expect(commits.filter((c) => c.what === 'batch').map((c) => [c.events, c.batches])).toEqual([[BATCH_EVENTS, 1], [BATCH_EVENTS, 1], [700, 1]]);
  });
});
