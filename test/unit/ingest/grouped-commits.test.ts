// A one-shot process commits several batches in one transaction while no other process's writer waits
// (commit-budget.ts, GROUP_EVENTS). The detectors still judge each batch on its own, so the result must be
// exactly what one commit per batch gives; a writer that comes to wait ends the transaction at the next
// batch; a failure in any batch of it rolls all of them back, and the engine reloads before it goes on.
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock } from '../../../src-main/engine/clock';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { Engine } from '../../../src-main/engine/engine';
import { BATCH_EVENTS } from '../../../src-main/engine/ingest/commit-budget';
import { runSimulation } from '../../../src-main/engine/simulate/run-simulation';
import { snapshot } from '../../fixtures/derived-snapshot';
import { fleet, makeEvent, prng } from '../../fixtures/ingest/generate-canonical';
import { commitLog, type CommitLog } from '../../support/commit-log';
import { testLogger } from '../../support/test-logger';
import { actor, securityLogs, tempDir } from './helpers';

const START = Date.UTC(2026, 4, 1);
const SURICATA = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');

/** An engine of a one-shot process (the CLI's): `groupEvents` 1 commits every batch alone, as before grouping. */
function open(dir: string, groupEvents?: number, log = testLogger): Engine {
  return Engine.open({ dataDir: dir, clock: new ManualClock(Date.UTC(2026, 4, 21)), log, ingestGroupEvents: groupEvents });
}

/** Five and a bit batches of flows, DNS and logins of a 40-device fleet over ~30 hours of data time. */
function telemetry(): TelemetryEvent[] {
  const rand = prng(7);
  const o = { devices: 40, externals: 500, domains: 300, users: 30, start: START, seed: 7 };
  const n = BATCH_EVENTS * 5 + 321;
  return Array.from({ length: n }, (_, i) => ({ ...makeEvent(rand, i, o), ts: START + Math.floor((i * 30 * 3_600_000) / n) }));
}

function seeded(dir: string, groupEvents?: number, log?: CommitLog['log']): Engine {
  const engine = open(dir, groupEvents, log);
  engine.audit.record(actor, 'inventory.import', {}, () => {
    for (const d of fleet(40)) engine.inventory.upsertDevice(d);
  });
  return engine;
}

const batchCommits = (c: CommitLog) => c.commits.filter((x) => x.what === 'batch');

describe('several batches in one commit', () => {
  it('derive exactly what one commit per batch derives, anomalies included: a simulated fleet under every attack', () => {
    const run = (groupEvents?: number) => {
      const commits = commitLog();
      const engine = open(tempDir('tm-group-'), groupEvents, commits.log);
      const sim = runSimulation(engine, { devices: 60, hours: 30, seed: 11, attacks: 'all', start: START, eventsPerDeviceHour: 12 }, { actor });
      engine.close();
      return { sim, snap: snapshot(engine.dbPath), commits: batchCommits(commits) };
    };
    const alone = run(1);
    const grouped = run();
    expect(grouped.sim.events).toBe(alone.sim.events);
    expect(alone.sim.events).toBeGreaterThan(BATCH_EVENTS * 10);
    // One commit per batch against a few commits of many batches each.
    expect(alone.commits.every((c) => c.batches === 1)).toBe(true);
    expect(grouped.commits.length).toBeLessThan(alone.commits.length / 5);
    expect(Math.max(...grouped.commits.map((c) => c.batches))).toBeGreaterThan(5);
    // Attacks were detected, so the comparison covers verdicts as well as roll-ups and baselines.
    expect(alone.snap.anomalies.length).toBeGreaterThan(3);
    expect(grouped.snap).toEqual(alone.snap);
  }, 120_000);

  it('derive exactly what one commit per batch derives on a real Suricata capture (5,000 records)', async () => {
    const run = async (groupEvents?: number) => {
      const commits = commitLog();
      const engine = open(tempDir('tm-group-'), groupEvents, commits.log);
      const summary = await engine.ingest.ingestFile(SURICATA, { actor });
      engine.close();
      return { summary, snap: snapshot(engine.dbPath), commits: batchCommits(commits) };
    };
    const alone = await run(1);
    const grouped = await run();
    expect(grouped.summary).toMatchObject({ status: 'ingested', events: alone.summary.events, rejects: alone.summary.rejects });
    expect(alone.commits.length).toBeGreaterThan(grouped.commits.length);
    expect(alone.snap.anomalies.length).toBeGreaterThan(0);
    expect(grouped.snap).toEqual(alone.snap);
  }, 120_000);

  it('end at the next batch when another process\'s writer comes to wait; the rest commit after it', () => {
    const dir = tempDir('tm-group-');
    const commits = commitLog();
    const engine = seeded(dir, undefined, commits.log);
    // Another process's writer meets the lock while the first batch is in hand: it touches the side file (writer-turns.ts).
    let batches = 0;
    engine.ingest.addObserver({
      onBatch: () => {
        if (++batches !== 1) return;
        const marker = join(dir, `${DB_FILE}-waiting`);
        writeFileSync(marker, '');
        const now = new Date();
        utimesSync(marker, now, now);
      },
    });
    const events = telemetry();
    engine.ingest.ingestEvents(events, { actor, sourceKey: 'waiter', label: 'waiter' });
    engine.close();
    const done = batchCommits(commits);
    // The first commit held the one batch in hand; the waiter waited for it alone, then the rest went together.
    expect(done.map((c) => [c.events, c.batches])).toEqual([[BATCH_EVENTS, 1], [events.length - BATCH_EVENTS, 5]]);
    expect(done[0].waiterMs).not.toBeNull();
    expect(done[1].waiterMs).toBeNull();
    expect(snapshot(engine.dbPath).events).toBe(events.length);
  }, 120_000);

  it('roll back together when any of their batches fails; the same engine then resumes to the clean result', () => {
    const events = telemetry();
    const cleanEngine = seeded(tempDir('tm-group-'), 1);
    cleanEngine.ingest.ingestEvents(events, { actor, sourceKey: 'part', label: 'part' });
    cleanEngine.close();
    const clean = snapshot(cleanEngine.dbPath);

    const engine = seeded(tempDir('tm-group-'));
    // The fourth batch fails after three were judged in the same transaction (a full disk would fail there).
    let batches = 0;
    let failing = true;
    engine.ingest.addObserver({
      onBatch: () => {
        if (failing && ++batches === 4) throw new Error('disk full');
      },
    });
    expect(() => engine.ingest.ingestEvents(events, { actor, sourceKey: 'part', label: 'part' })).toThrow('disk full');
    // Nothing of the transaction stayed: not its events, not what the pipeline derived from its first three batches.
    const afterFailure = snapshot(engine.dbPath);
    expect(afterFailure.events).toBe(0);
    expect(afterFailure.hourly).toEqual([]);
    failing = false;
    expect(engine.ingest.ingestEvents(events, { actor, sourceKey: 'part', label: 'part' })).toMatchObject({ events: events.length });
    engine.close();
    expect(snapshot(engine.dbPath)).toEqual(clean);
  }, 120_000);
});
