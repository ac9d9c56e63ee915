// Retention: windows per kind as operations (defaults, admin-only changes, audited, checked together),
// and the prune on the engine's scheduler (a ManualClock, advanced): only what is past its window goes,
// in batches with pauses between them; roll-ups of kept hours stay byte for byte; rebuild-derived after a
// prune recomputes the kept hours exactly and keeps the older roll-ups it cannot recompute.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import type { UserError } from '../../../src-main/engine/errors';
import { testLogger } from '../../support/test-logger';
import { rebuildDerived } from '../../../src-main/engine/pipeline/rebuild-derived';
import { BATCH_PAUSE_MS, PRUNE_EVERY_MS, PRUNE_FIRST_MS } from '../../../src-main/engine/retention/retention-service';
import { externalIp, fleet, makeEvent, prng } from '../../fixtures/ingest/generate-canonical';
import { tempDir } from '../ingest/helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 4, 1);
const DAYS = 10;
const actor = { type: 'cli' as const, id: 'retention-test' };
const ADMIN = { actor, scopes: ['admin' as const] };

/** A small fleet's flows, DNS and logins, spread evenly over DAYS days of data time. */
function telemetry(n = 12_000): TelemetryEvent[] {
  const rand = prng(7);
  const o = { devices: 20, externals: 300, domains: 200, users: 15, start: START, seed: 7 };
  return Array.from({ length: n }, (_, i) => ({ ...makeEvent(rand, i, o), ts: START + Math.floor((i * DAYS * DAY) / n) }));
}

/** An engine on a ManualClock at the end of the data, with the fleet, a feed its traffic hits, and the telemetry. */
function seeded(): { engine: Engine; clock: ManualClock; dir: string } {
  const dir = tempDir('tm-retention-');
  const clock = new ManualClock(START + DAYS * DAY);
  const engine = Engine.open({ dataDir: dir, clock, log: testLogger });
  engine.audit.record(actor, 'inventory.import', {}, () => {
    for (const d of fleet(20)) engine.inventory.upsertDevice(d);
  });
  const feed = join(dir, 'feed.txt');
  writeFileSync(feed, Array.from({ length: 40 }, (_, i) => externalIp(i)).join('\n'));
  engine.intel.importFile(feed, { actor, feed: 'test-feed', format: 'plain', reputation: 'malicious' });
  engine.ingest.ingestEvents(telemetry(), { actor, sourceKey: 'fleet', label: 'fleet' });
  return { engine, clock, dir };
}

const q = (engine: Engine, text: string, ...params: unknown[]) => engine.db.prepare(text).pluck().get(...params) as number;
const hourly = (engine: Engine, from: number) => engine.db.prepare('SELECT * FROM entity_hourly WHERE hour >= ? ORDER BY entity_id, hour').raw().all(Math.floor(from / HOUR));
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as UserError).message;
  }
  throw new Error('expected a refusal');
};

describe('retention settings', () => {
  it('shows the defaults, takes changes from an admin (audited), and refuses bad or unauthorised ones naming the field', () => {
    const clock = new ManualClock(START);
    const engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
    const days = () => Object.fromEntries(dispatch(engine, 'retention.get', {}, ADMIN).kinds.map((k) => [k.kind, [k.days, k.configured]]));
    expect(days()).toEqual({ events: [30, false], intel_hits: [365, false], hourly_rollups: [400, false], event_log: [400, false], rejects: [30, false], agent_events: [30, false] });

    dispatch(engine, 'retention.set', { events: 14, hourly_rollups: null }, ADMIN);
    expect(days()).toMatchObject({ events: [14, true], hourly_rollups: [null, true], intel_hits: [365, false] });
    const audited = engine.db.prepare("SELECT actor_id, params FROM audit_log WHERE action = 'retention.set'").all() as { actor_id: string; params: string }[];
    expect(audited.map((a) => [a.actor_id, JSON.parse(a.params)])).toEqual([['retention-test', { events: 14, hourly_rollups: null }]]);

    expect(refusal(() => dispatch(engine, 'retention.set', { events: 0 }, ADMIN))).toMatch(/^events: /);
    expect(refusal(() => dispatch(engine, 'retention.set', { hourly_rollups: 7 }, ADMIN))).toMatch(/^hourly_rollups: hourly roll-ups must be kept at least as long as events \(events 14 days, hourly_rollups 7 days\)/);
    dispatch(engine, 'retention.set', { hourly_rollups: 20 }, ADMIN);
    expect(refusal(() => dispatch(engine, 'retention.set', { events: 21 }, ADMIN))).toMatch(/^events: hourly roll-ups must be kept at least as long as events \(events 21 days, hourly_rollups 20 days\)/);
    expect(refusal(() => dispatch(engine, 'retention.set', { events: null }, ADMIN))).toMatch(/^events: hourly roll-ups must be kept at least as long as events \(events forever/);
    expect(refusal(() => dispatch(engine, 'retention.set', { raw_packets: 3 }, ADMIN))).toMatch(/raw_packets/);
    expect(refusal(() => dispatch(engine, 'retention.set', {}, ADMIN))).toMatch(/^input: give at least one of events, intel_hits/);
    // A read-only key may look but not change; the refusal is on the record.
    const reader = { actor: { type: 'mcp_agent' as const, id: 'key_reader' }, scopes: ['read' as const], auditCalls: true };
    expect(dispatch(engine, 'retention.get', {}, reader).kinds).toHaveLength(6);
    expect(refusal(() => dispatch(engine, 'retention.set', { events: 1 }, reader))).toMatch(/admin/);
    expect(engine.db.prepare("SELECT outcome FROM audit_log WHERE action = 'retention.set' AND actor_id = 'key_reader'").pluck().all()).toEqual(['denied']);
    expect(days()).toMatchObject({ events: [14, true], hourly_rollups: [20, true] });
    engine.close();
  });
});

describe('pruning on the scheduler', () => {
  it('deletes only what is past each window, in paused batches, leaving kept roll-ups untouched', () => {
    const { engine, clock } = seeded();
    dispatch(engine, 'retention.set', { events: 3, intel_hits: 3, hourly_rollups: 5, event_log: 5 }, ADMIN);
    // Windows count back from the newest event (earlier than the clock here), to the hour.
    const newest = q(engine, 'SELECT MAX(ts) FROM events');
    expect(newest).toBeLessThan(clock.now());
    const eventsCutoff = Math.floor((newest - 3 * DAY) / HOUR) * HOUR;
    const rollupCutoff = Math.floor((newest - 5 * DAY) / HOUR) * HOUR;
    const total = q(engine, 'SELECT COUNT(*) FROM events');
    const kept = q(engine, 'SELECT COUNT(*) FROM events WHERE ts >= ?', eventsCutoff);
    const hitsKept = q(engine, 'SELECT COUNT(*) FROM intel_hits WHERE ts >= ?', eventsCutoff);
    expect(q(engine, 'SELECT COUNT(*) FROM intel_hits WHERE ts < ?', eventsCutoff)).toBeGreaterThan(0);
    const keptHours = hourly(engine, rollupCutoff);
    expect(q(engine, 'SELECT COUNT(*) FROM entity_hourly WHERE hour < ?', rollupCutoff / HOUR)).toBeGreaterThan(0);

    engine.startBackground({ detectors: false });
    clock.advance(PRUNE_FIRST_MS - 1);
    expect(q(engine, 'SELECT COUNT(*) FROM events')).toBe(total);
    // The first batch runs on time, and only one: the rest wait for the pauses between batches.
    clock.advance(1);
    const afterFirst = q(engine, 'SELECT COUNT(*) FROM events');
    expect(afterFirst).toBeLessThan(total);
    expect(afterFirst).toBeGreaterThan(kept);
    clock.advance(200 * BATCH_PAUSE_MS);

    expect(q(engine, 'SELECT COUNT(*) FROM events')).toBe(kept);
    expect(q(engine, 'SELECT COUNT(*) FROM events WHERE ts < ?', eventsCutoff)).toBe(0);
    expect(q(engine, 'SELECT COUNT(*) FROM intel_hits')).toBe(hitsKept);
    expect(q(engine, 'SELECT COUNT(*) FROM entity_hourly WHERE hour < ?', rollupCutoff / HOUR)).toBe(0);
    expect(hourly(engine, rollupCutoff)).toEqual(keptHours);
    const done = engine.db.prepare("SELECT actor_type, actor_id, detail FROM audit_log WHERE action = 'retention.prune' ORDER BY seq").all() as { actor_type: string; actor_id: string; detail: string }[];
    expect(done.map((d) => [d.actor_type, d.actor_id, JSON.parse(d.detail).phase])).toEqual([['system', 'retention', 'started'], ['system', 'retention', 'finished']]);
    const finished = JSON.parse(done[1].detail) as { deleted: Record<string, number>; batches: number };
    expect(finished.deleted).toMatchObject({ events: total - kept, rejects: 0 });
    expect(finished.batches).toBeGreaterThan(2);
    expect(dispatch(engine, 'retention.get', {}, ADMIN).kinds.find((k) => k.kind === 'events')!.pruned_before).toBe(new Date(eventsCutoff).toISOString());

    // The next hourly pass has nothing to do and records nothing.
    clock.advance(PRUNE_EVERY_MS);
    expect(engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'retention.prune'").pluck().get()).toBe(2);
    engine.close();
  });

  it('keeps a database of old captures reviewed later: windows count back from the newest event', () => {
    const { engine, clock } = seeded();
    // A year later, nothing new arrived: the last 30 days of data are still the last 30 days there are.
    clock.set(clock.now() + 365 * DAY);
    const total = q(engine, 'SELECT COUNT(*) FROM events');
    const summary = dispatch(engine, 'retention.prune', {}, ADMIN);
    expect(summary.deleted.events).toBe(0);
    expect(q(engine, 'SELECT COUNT(*) FROM events')).toBe(total);
    dispatch(engine, 'retention.set', { events: 2 }, ADMIN);
    const newest = q(engine, 'SELECT MAX(ts) FROM events');
    expect(dispatch(engine, 'retention.prune', {}, ADMIN).deleted.events).toBe(total - q(engine, 'SELECT COUNT(*) FROM events'));
    expect(q(engine, 'SELECT MIN(ts) FROM events')).toBeGreaterThanOrEqual(Math.floor((newest - 2 * DAY) / HOUR) * HOUR);
    engine.close();
  });

  it('prunes rejects by when they were refused', async () => {
    const { engine, clock, dir } = seeded();
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"ts": "not a time", "kind": "flow"}\nnot json at all\n');
    await engine.ingest.ingestFile(file, { actor });
    expect(q(engine, 'SELECT COUNT(*) FROM rejects')).toBe(2);
    clock.advance(29 * DAY);
    expect(dispatch(engine, 'retention.prune', {}, ADMIN).deleted.rejects).toBe(0);
    clock.advance(2 * DAY);
    expect(dispatch(engine, 'retention.prune', {}, ADMIN).deleted.rejects).toBe(2);
    expect(q(engine, 'SELECT COUNT(*) FROM rejects')).toBe(0);
    engine.close();
  });
});

describe('rebuild-derived after a prune', () => {
  it('recomputes the kept hours exactly as ingest wrote them and keeps the older roll-ups it cannot recompute, even mid-prune', () => {
    const { engine, clock, dir } = seeded();
    dispatch(engine, 'retention.set', { events: 4, hourly_rollups: 400 }, ADMIN);
    const before = hourly(engine, 0);
    const total = q(engine, 'SELECT COUNT(*) FROM events');
    // The prune stops after its first batch (the process ended): old events are left that are past the horizon.
    engine.startBackground({ detectors: false });
    clock.advance(PRUNE_FIRST_MS);
    engine.close();
    const reopened = Engine.open({ dataDir: dir, clock, log: testLogger });
    const horizon = Math.floor((q(reopened, 'SELECT MAX(ts) FROM events') - 4 * DAY) / HOUR) * HOUR;
    expect(reopened.retention.store.horizon('events')).toBe(horizon);
    const left = q(reopened, 'SELECT COUNT(*) FROM events WHERE ts < ?', horizon);
    expect(left).toBeGreaterThan(0);
    expect(q(reopened, 'SELECT COUNT(*) FROM events')).toBeLessThan(total);
    // Those are counted in the kept roll-ups already: rebuild replays only the events from the horizon on.
    const summary = rebuildDerived(reopened, actor);
    expect(summary.events).toBe(q(reopened, 'SELECT COUNT(*) FROM events WHERE ts >= ?', horizon));
    expect(hourly(reopened, 0)).toEqual(before);
    // And once the prune finished, the same.
    dispatch(reopened, 'retention.prune', {}, ADMIN);
    expect(q(reopened, 'SELECT COUNT(*) FROM events WHERE ts < ?', horizon)).toBe(0);
    rebuildDerived(reopened, actor);
    expect(hourly(reopened, 0)).toEqual(before);
    reopened.close();
  });
});
