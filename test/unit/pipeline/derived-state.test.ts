// Derived state written with its events, in-process: a batch that rolls back leaves no roll-up behind,
// an engine dropped mid-ingest (as by kill -9) and resumed by another equals a clean run, and two
// engines on one database taking turns both count fully. Compared table by table with a clean run.
import { describe, expect, it, vi } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import type { Engine } from '../../../src-main/engine/engine';
import { BaselineStore } from '../../../src-main/engine/baseline/baseline-store';
import { BATCH_EVENTS } from '../../../src-main/engine/ingest/commit-budget';
import { rebuildDerived } from '../../../src-main/engine/pipeline/rebuild-derived';
import { settledSnapshot, snapshot } from '../../fixtures/derived-snapshot';
import { fleet, makeEvent, prng } from '../../fixtures/ingest/generate-canonical';
import { actor, openEngine, tempDir } from '../ingest/helpers';

const DEVICES = 30;
const START = Date.UTC(2026, 4, 1);

/** Three and a bit batches of flows, DNS and logins of a small fleet, spread over ~40 hours of data time. */
function telemetry(): TelemetryEvent[] {
  const rand = prng(42);
  const o = { devices: DEVICES, externals: 400, domains: 300, users: 25, start: START, seed: 42 };
  const n = BATCH_EVENTS * 3 + Math.ceil(BATCH_EVENTS / 7);
  // Spread over ~40 hours of data time whatever the batch size, so there are hours to roll up.
  return Array.from({ length: n }, (_, i) => ({ ...makeEvent(rand, i, o), ts: START + Math.floor((i * 40 * 3_600_000) / n) }));
}

function seeded(dir = tempDir('tm-derived-')): Engine {
  const engine = openEngine(dir);
  engine.audit.record(actor, 'inventory.import', {}, () => {
    for (const d of fleet(DEVICES)) engine.inventory.upsertDevice(d);
  });
  return engine;
}

const dbFile = (engine: Engine) => engine.dbPath;

/**
 * The third batch's transaction fails after the pipeline has processed it (as a full disk or a kill
 * would): the second batch committed its entities' changes as journal lines, not yet as whole rows.
 */
function failThirdBatch(engine: Engine, why: string): void {
  let batches = 0;
  engine.ingest.addObserver({
    onBatch: () => {
      if (++batches === 3) throw new Error(why);
    },
  });
}

function cleanRun(parts: TelemetryEvent[][]): ReturnType<typeof snapshot> {
  const engine = seeded();
  parts.forEach((p, i) => engine.ingest.ingestEvents(p, { actor, sourceKey: `part-${i}`, label: `part ${i}` }));
  const snap = snapshot(dbFile(engine));
  engine.close();
  return snap;
}

describe('derived state is written with its events', () => {
  const events = telemetry();
  const clean = cleanRun([events]);

  it('the clean run has roll-ups, destinations and baselines to compare', () => {
    expect(clean.events).toBe(events.length);
    expect(clean.hourly.length).toBeGreaterThan(DEVICES * 30);
    expect(clean.destinations.length).toBeGreaterThan(DEVICES * 5);
    expect(clean.baselines.length).toBeGreaterThanOrEqual(DEVICES);
    // A completed ingest leaves everything in the tables themselves.
    expect(clean.journal).toBe(0);
  });

  it('a rolled-back batch leaves no roll-up behind, even after close; a later engine resumes to the clean result', () => {
    const dir = tempDir('tm-derived-');
    const a = seeded(dir);
    failThirdBatch(a, 'disk full');
    expect(() => a.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' })).toThrow('disk full');
    a.close();
    expect(snapshot(dbFile(a)).journal).toBeGreaterThan(0);
    const afterFailure = settledSnapshot(dbFile(a));
    expect(afterFailure.events).toBe(BATCH_EVENTS * 2);
    // Exactly what the committed events imply: the same tables recomputed from them.
    const b = openEngine(dir);
    rebuildDerived(b, actor);
    expect({ ...snapshot(dbFile(b)), anomalies: [] }).toEqual({ ...afterFailure, anomalies: [] });
    b.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' });
    b.close();
    expect(snapshot(dbFile(b))).toEqual(clean);
  }, 120_000);

  it('an engine dropped mid-ingest without closing (as by kill -9) and resumed by another equals the clean run; a reader meanwhile sees what it committed', () => {
    const dir = tempDir('tm-derived-');
    const a = seeded(dir);
    // A reader that loaded before the ingest (the console of another process).
    const reader = openEngine(dir);
    // The process dies while the third batch is being written: nothing after the second commit runs.
    failThirdBatch(a, 'killed');
    expect(() => a.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' })).toThrow('killed');
    const b = openEngine(dir);
    expect(snapshot(dbFile(a)).journal).toBeGreaterThan(0);
    // The reader's one-entity read (its row plus that entity's journal lines) equals a whole load.
    for (const d of fleet(DEVICES).slice(0, 5)) expect(reader.pipeline.behavioralBaseline(d.device_id, 'device')).toEqual(b.pipeline.behavioralBaseline(d.device_id, 'device'));
    reader.close();
    expect(b.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' })).toMatchObject({ status: 'resumed', events: events.length - BATCH_EVENTS * 2 });
    b.close();
    expect(snapshot(dbFile(b))).toEqual(clean);
    a.db.close();
  }, 120_000);

  it('a batch that fails inside the pipeline, before its write is marked, leaves the same engine nothing of it to count twice', () => {
    const dir = tempDir('tm-derived-');
    const a = seeded(dir);
    // The third batch's baseline write fails (SQLite's disk-full error would surface there): every event
    // of the batch is already in memory, the transaction rolls back, and the engine goes on.
    let flushes = 0;
    const original = BaselineStore.prototype.flush;
    const spy = vi.spyOn(BaselineStore.prototype, 'flush').mockImplementation(function (this: BaselineStore, ...args) {
      if (++flushes === 3) throw new Error('disk full');
      return original.apply(this, args);
    });
    try {
      expect(() => a.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' })).toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(a.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' })).toMatchObject({ status: 'resumed', events: events.length - BATCH_EVENTS * 2 });
    a.close();
    expect(snapshot(dbFile(a))).toEqual(clean);
  }, 120_000);

  it('an engine whose batch rolled back reloads before its next write, even after another engine wrote once in between', () => {
    const dir = tempDir('tm-derived-');
    const a = seeded(dir);
    failThirdBatch(a, 'disk full');
    expect(() => a.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' })).toThrow('disk full');
    const b = openEngine(dir);
    const later = events.slice(0, 3_000).map((e) => ({ ...e, ts: e.ts + 50 * 3_600_000 }));
    b.ingest.ingestEvents(later, { actor, sourceKey: 'part-1', label: 'part 1' });
    b.close();
    a.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' });
    const live = snapshot(dbFile(a));
    expect(live.events).toBe(events.length + later.length);
    // What the committed events imply, recomputed from them in the order they were stored.
    rebuildDerived(a, actor);
    a.close();
    expect({ ...snapshot(dbFile(a)), anomalies: [] }).toEqual({ ...live, anomalies: [] });
  }, 120_000);

  it('two engines on one database taking turns both count fully, as one engine would', () => {
    const third = Math.floor(events.length / 3);
    const parts = [events.slice(0, third), events.slice(third, 2 * third), events.slice(2 * third)];
    const dir = tempDir('tm-derived-');
    const a = seeded(dir);
    const b = openEngine(dir);
    a.ingest.ingestEvents(parts[0], { actor, sourceKey: 'part-0', label: 'part 0' });
    b.ingest.ingestEvents(parts[1], { actor, sourceKey: 'part-1', label: 'part 1' });
    a.ingest.ingestEvents(parts[2], { actor, sourceKey: 'part-2', label: 'part 2' });
    // What a reads for posture follows what b wrote.
    const id = fleet(DEVICES)[3].device_id;
    expect(a.pipeline.behavioralBaseline(id, 'device')).toEqual(b.pipeline.behavioralBaseline(id, 'device'));
    a.close();
    b.close();
    const got = snapshot(dbFile(a));
    const sum = (rows: unknown[][], col: number) => rows.reduce((n, r) => n + (r[col] as number), 0);
    expect(sum(got.hourly, 10)).toBe(sum(clean.hourly, 10));
    expect(got).toEqual(cleanRun(parts));
  }, 120_000);
});

describe('db rebuild-derived', () => {
  it('repairs derived tables an older release left short or wrong: the result equals a clean run', () => {
    const events = telemetry().slice(0, 30_000);
    const clean = cleanRun([events]);
    const engine = seeded();
    engine.ingest.ingestEvents(events, { actor, sourceKey: 'part-0', label: 'part 0' });
    // What a lost roll-up write or a last-writer-wins race left behind.
    engine.db.exec(`UPDATE entity_hourly SET events = events / 2, connections = 0 WHERE hour % 2 = 0;
      DELETE FROM entity_destinations WHERE destination LIKE '2%'; DELETE FROM entity_learned WHERE seq % 2 = 0;
      UPDATE baselines SET stats = '{}', established = 0`);
    expect(snapshot(dbFile(engine))).not.toEqual(clean);
    const r = rebuildDerived(engine, actor);
    expect(r).toMatchObject({ events: events.length, entities: clean.baselines.length, hourly_rows: clean.hourly.length });
    engine.close();
    expect(snapshot(dbFile(engine))).toEqual(clean);
  }, 120_000);
});
