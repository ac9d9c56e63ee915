// runSimulation into a real engine: audited inventory, demo C2 indicators, telemetry through ingest,
// labels in sim_labels; re-running adds nothing; --out files round-trip through import and ingest.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { importInventoryFile } from '../../../src-main/engine/inventory/import-inventory';
import { ATTACKS } from '../../../src-main/engine/simulate/attacks/types';
import { DEMO_SIMULATION, seedDemoFleet } from '../../../src-main/engine/simulate/demo';
import { resolveSimulationOptions } from '../../../src-main/engine/simulate/options';
import { DEMO_FEED, runSimulation } from '../../../src-main/engine/simulate/run-simulation';
import { writeSimulationFiles } from '../../../src-main/engine/simulate/write-files';
import { testLogger } from '../../support/test-logger';

const NOW = Date.parse('2026-05-21T09:13:00Z');
const actor = { type: 'cli' as const, id: 'tester' };
const input = { devices: 40, hours: 30, seed: 3, attacks: 'all', eventsPerDeviceHour: 10 };

describe('runSimulation', () => {
  let engine: Engine;
  beforeEach(() => { engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(NOW), log: testLogger }); });
  afterEach(() => engine.close());

  const count = (sql: string, ...args: unknown[]) => engine.db.prepare(sql).pluck().get(...args) as number;

  it('loads inventory, indicators, events and labels, each write audited, ending at the clock hour', () => {
    const s = runSimulation(engine, input, { actor });
    expect(s).toMatchObject({ seed: 3, hours: 30, devices: 40, users: 18, workloads: 7, start: '2026-05-20T03:00:00.000Z', end: '2026-05-21T09:00:00.000Z' });
    expect(s.ingest).toMatchObject({ status: 'ingested', rejects: 0 });
    expect(s.events).toBe(count('SELECT COUNT(*) FROM events'));
    expect(s.events).toBeGreaterThan(40 * 30 * 7);
    expect(count('SELECT COUNT(*) FROM events WHERE entity_id IS NULL')).toBe(0);
    expect(count('SELECT COUNT(*) FROM devices')).toBe(40);
    expect(count('SELECT COUNT(*) FROM users')).toBe(18);
    expect(count('SELECT COUNT(*) FROM workloads')).toBe(7);

    const labels = engine.db.prepare('SELECT attack, entity_type, entity_id, start_ts, end_ts, detail FROM sim_labels ORDER BY id').all() as { attack: string; entity_id: string; start_ts: number; detail: string }[];
    expect(labels.map((l) => l.attack)).toEqual([...ATTACKS]);
    expect(labels.map((l) => l.entity_id)).toEqual(s.attacks.map((a) => a.entity_id));
    expect(labels.map((l) => new Date(l.start_ts).toISOString())).toEqual(s.attacks.map((a) => a.start));

    const actions = (engine.db.prepare('SELECT action FROM audit_log ORDER BY seq').pluck().all() as string[]);
    expect(actions[0]).toBe('simulate.inventory');
    expect(actions).toContain('intel.import');
    expect(actions).toContain('ingest.file');
    expect(actions[actions.length - 1]).toBe('simulate.labels');

    // The C2 address is a malicious c2_server indicator in the demo feed, and the beacons hit it.
    const c2 = s.attacks.find((a) => a.attack === 'c2-beacon')!;
    const ctx = engine.intel.lookup(String(c2.detail.ip));
    expect(ctx).toMatchObject({ reputation: 'malicious', categories: ['c2_server'] });
    expect(engine.intel.feeds().feeds.map((f) => f.name)).toContain(DEMO_FEED);
    expect(count('SELECT COUNT(*) FROM intel_hits WHERE entity_id = ?', c2.entity_id)).toBeGreaterThanOrEqual(Number(c2.detail.beacons));
    expect(s.ingest!.intel_hits).toBe(count('SELECT COUNT(*) FROM intel_hits'));

    // The rolled-back camera is end-of-life in the inventory; people are known on the machines they signed in to.
    const eol = s.attacks.find((a) => a.attack === 'eol-firmware')!;
    expect(engine.inventory.getDevice(eol.entity_id)).toMatchObject({ firmware_status: 'eol', firmware_version: eol.detail.to_version });
    const learned = engine.db.prepare('SELECT user_id, device_id FROM user_devices').all() as { user_id: string; device_id: string }[];
    expect(new Set(learned.map((r) => r.user_id)).size).toBeGreaterThan(9);
    const owners = learned.filter((r) => engine.inventory.getDevice(r.device_id)?.owner === r.user_id);
    expect(owners.length / learned.length).toBeGreaterThan(0.8);
  });

  it('adds nothing when the same simulation runs again', () => {
    const first = runSimulation(engine, input, { actor });
    const events = count('SELECT COUNT(*) FROM events');
    const again = runSimulation(engine, input, { actor });
    expect(again.ingest!.status).toBe('already_ingested');
    expect(again.events).toBe(0);
    expect(again.labels_added).toBe(0);
    expect(again.attacks).toEqual(first.attacks);
    expect(count('SELECT COUNT(*) FROM events')).toBe(events);
    expect(count('SELECT COUNT(*) FROM sim_labels')).toBe(5);
    expect(count('SELECT COUNT(*) FROM devices')).toBe(40);
    // A different seed is a different source.
    expect(runSimulation(engine, { ...input, seed: 4 }, { actor }).ingest!.status).toBe('ingested');
  });

  it('reports progress through every phase', () => {
    const phases: string[] = [];
    let lastEvents = 0;
    const s = runSimulation(engine, { ...input, attacks: undefined, hours: 6 }, { actor, onProgress: (p) => { phases.push(p.phase); if (p.phase === 'telemetry') lastEvents = p.events; } });
    expect(phases[0]).toBe('inventory');
    expect(phases).toContain('telemetry');
    expect(phases[phases.length - 1]).toBe('labels');
    expect(lastEvents).toBe(s.events);
    expect(s.attacks).toEqual([]);
    expect(count('SELECT COUNT(*) FROM sim_labels')).toBe(0);
  });

  it('names the bad option in validation errors', () => {
    const name = (f: string) => `--${f}`;
    expect(() => resolveSimulationOptions({ devices: '5' }, engine.clock, name)).toThrow("--devices: must be a whole number from 20 to 20000, got '5'");
    expect(() => resolveSimulationOptions({ hours: 'lots' }, engine.clock, name)).toThrow("--hours: must be a whole number from 1 to 2160, got 'lots'");
    expect(() => resolveSimulationOptions({ attacks: 'lateral-movement,ddos' }, engine.clock, name)).toThrow(
      "--attacks: unknown attack 'ddos'; valid attacks: lateral-movement, c2-beacon, bruteforce, device-silent, eol-firmware (or all)",
    );
    expect(() => resolveSimulationOptions({ start: 'yesterday' }, engine.clock, name)).toThrow("--start: 'yesterday' is not an ISO 8601 timestamp");
    expect(resolveSimulationOptions({ start: '2026-05-01T10:30:00Z', attacks: ['eol-firmware', 'c2-beacon', 'c2-beacon'] }, engine.clock)).toMatchObject({
      start: Date.parse('2026-05-01T10:00:00Z'), attacks: ['c2-beacon', 'eol-firmware'],
    });
    expect(count('SELECT COUNT(*) FROM audit_log')).toBe(0);
  });
});

describe('seedDemoFleet', () => {
  it('seeds 300 devices over 8 days with all five attacks in the last day, once', () => {
    const engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(NOW), log: testLogger });
    try {
      const s = seedDemoFleet(engine, { actor })!;
      expect(s).toMatchObject({ devices: 300, hours: 192, seed: DEMO_SIMULATION.seed, end: '2026-05-21T09:00:00.000Z' });
      expect(s.attacks.map((a) => a.attack)).toEqual([...ATTACKS]);
      const learned = Date.parse(s.start) + 168 * 3_600_000;
      for (const a of s.attacks) expect(Date.parse(a.start)).toBeGreaterThanOrEqual(learned);
      expect(s.events_per_device_hour).toBeGreaterThan(6);
      expect(s.events_per_device_hour).toBeLessThan(10);
      expect(seedDemoFleet(engine, { actor })).toBeNull();
    } finally {
      engine.close();
    }
  });
});

describe('writeSimulationFiles (--out)', () => {
  it('writes inventory, canonical telemetry and labels that import and ingest cleanly', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tm-sim-out-')), 'sim');
    const s = writeSimulationFiles(dir, { devices: 25, hours: 6, seed: 8, attacks: 'c2-beacon,bruteforce', start: '2026-05-01T00:00:00Z' }, { clock: new ManualClock(NOW) });
    expect(s.files).toEqual([join(dir, 'inventory.json'), join(dir, 'telemetry.jsonl'), join(dir, 'labels.json')]);
    const lines = readFileSync(join(dir, 'telemetry.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(s.events);
    expect(JSON.parse(lines[0]).ts).toMatch(/^2026-05-01T00:\d\d:\d\d\.\d{3}Z$/);
    const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
    expect(labels.labels.map((l: { attack: string }) => l.attack)).toEqual(['c2-beacon', 'bruteforce']);
    expect(labels.indicators.map((i: { feed: string; categories: string[] }) => [i.feed, i.categories])).toEqual([[DEMO_FEED, ['c2_server']], [DEMO_FEED, ['c2_server']]]);

    const engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(NOW), log: testLogger });
    try {
      const inv = importInventoryFile(engine, join(dir, 'inventory.json'), { actor });
      expect(inv).toMatchObject({ devices: 25, users: s.users, workloads: s.workloads, rejected: [] });
      const ingest = await engine.ingest.ingestFile(join(dir, 'telemetry.jsonl'), { actor });
      expect(ingest).toMatchObject({ events: s.events, rejects: 0 });
      expect(engine.db.prepare('SELECT COUNT(*) FROM events WHERE entity_id IS NULL').pluck().get()).toBe(0);
    } finally {
      engine.close();
    }
  });
});
