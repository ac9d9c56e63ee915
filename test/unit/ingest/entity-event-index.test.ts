// Events by entity (ingest/entity-event-index.ts): filled behind the ingest, every INDEX_EVERY events and at the
// end of each ingest, in transactions of their own. Checked against the events table itself: an entity's events
// as events.search finds them (indexed, and past the mark as a process killed before indexing leaves them),
// the unattributed count, retention's deletes, ids that never fall behind the mark, and the migration that
// builds the index for a database holding events from before it.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { dispatch } from '../../../src-main/engine/dispatch';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { BATCH_EVENTS } from '../../../src-main/engine/ingest/commit-budget';
import type { Logger } from '../../../src-main/engine/log';
import { migrate } from '../../../src-main/engine/db/migrate';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';
import { INDEX_EVERY } from '../../../src-main/engine/ingest/entity-event-index';
import { fleet, makeEvent, prng } from '../../fixtures/ingest/generate-canonical';
import { commitLog } from '../../support/commit-log';
import { testLogger } from '../../support/test-logger';
import { actor, count, tempDir } from './helpers';

const READER = { actor, scopes: ['read' as const] };
const START = Date.UTC(2026, 4, 20);
const opts = { devices: 60, externals: 200, domains: 50, users: 10, start: START, seed: 11 };
let engine: Engine | undefined;

afterEach(() => {
  engine?.close();
  engine = undefined;
});

/** An engine whose inventory holds the first 40 of the 60 generated devices, and `n` generated events plus `extra`. */
function ingested(n: number, extra: TelemetryEvent[] = [], seed = 11, log: Logger = testLogger): Engine {
  const e = Engine.open({ dataDir: tempDir(), clock: new ManualClock(START + 86_400_000), log, ingestBatchEvents: BATCH_EVENTS });
  e.audit.record(actor, 'inventory.import', { devices: 40 }, () => {
    for (const d of fleet(40)) e.inventory.upsertDevice(d);
  });
  const rand = prng(seed);
  e.ingest.ingestEvents([...Array.from({ length: n }, (_, i) => makeEvent(rand, i, { ...opts, seed })), ...extra], { actor, sourceKey: `k${seed}`, label: `events ${seed}` });
  return e;
}

/** An entity's event ids as events.search finds them over the whole stored range, newest first. */
function searched(e: Engine, entityId: string): number[] {
  const ids: number[] = [];
  for (;;) {
    const input = { entity_id: entityId, since: '2026-01-01T00:00:00Z', until: '2027-01-01T00:00:00Z', limit: 200, offset: ids.length };
    const out = dispatch(e, 'events.search', input, READER) as { events: { id: number }[]; total: number };
    ids.push(...out.events.map((ev) => ev.id));
    if (out.events.length === 0 || ids.length >= out.total) return ids;
  }
}

/** The same from the events table itself. */
const stored = (e: Engine, entityId: string) => e.db.prepare('SELECT id FROM events WHERE entity_id = ? ORDER BY ts DESC, id DESC').pluck().all(entityId) as number[];
const busiest = (e: Engine) => e.db.prepare('SELECT entity_id FROM events WHERE entity_id IS NOT NULL GROUP BY entity_id ORDER BY COUNT(*) DESC LIMIT 3').pluck().all() as string[];
const mark = (e: Engine) => count(e, 'SELECT through FROM entity_events_mark');

/** Two external hosts talking: attributed to nobody. */
const stray = (i: number): TelemetryEvent => ({ ts: START + 3_600_000 + i, kind: 'flow', src_ip: '198.51.100.7', src_port: 40_000 + i, dst_ip: '203.0.113.9', dst_port: 443, proto: 'tcp', bytes_out: 10, bytes_in: 20 });

describe('events by entity', () => {
  it('holds every event once the ingest ends, and events.search finds exactly the entity\'s events', () => {
    engine = ingested(3_000, [stray(1), stray(2), stray(3)]);
    expect(count(engine, 'SELECT COUNT(*) FROM entity_events')).toBe(count(engine, 'SELECT COUNT(*) FROM events'));
    expect(mark(engine)).toBe(count(engine, 'SELECT MAX(id) FROM events'));
    for (const id of busiest(engine)) {
      expect(stored(engine, id).length).toBeGreaterThan(20);
      expect(searched(engine, id)).toEqual(stored(engine, id));
    }
    const unattributed = count(engine, 'SELECT COUNT(*) FROM events WHERE entity_id IS NULL');
    expect(unattributed).toBeGreaterThanOrEqual(3);
    expect(engine.telemetry.counts().unattributed).toBe(unattributed);
    expect(engine.telemetry.countUnattributedSince(START, 1_000_000)).toBe(unattributed);
    expect(engine.telemetry.countUnattributedSince(START, 2)).toBe(2);
  });

  it('indexes every INDEX_EVERY events during a long ingest, and finds events past the mark as a killed process leaves them', () => {
    const commits = commitLog();
    engine = ingested(INDEX_EVERY + 5_000, [stray(1), stray(2)], 11, commits.log);
    const total = count(engine, 'SELECT COUNT(*) FROM events');
    // Once INDEX_EVERY events waited, between batches; the rest when the ingest ended.
    expect(commits.commits.filter((c) => c.what === 'index').map((c) => c.events)).toEqual([INDEX_EVERY, total - INDEX_EVERY]);
    // As if the process died after committing its last batches, before indexing them.
    const kept = Math.floor(INDEX_EVERY / 2);
    engine.db.prepare('DELETE FROM entity_events WHERE id > ?').run(kept);
    engine.db.prepare('UPDATE entity_events_mark SET through = ?').run(kept);
    for (const id of busiest(engine)) expect(searched(engine, id)).toEqual(stored(engine, id));
    expect(engine.telemetry.counts().unattributed).toBe(count(engine, 'SELECT COUNT(*) FROM events WHERE entity_id IS NULL'));
    expect(engine.telemetry.countUnattributedSince(START, 1_000_000)).toBe(count(engine, 'SELECT COUNT(*) FROM events WHERE entity_id IS NULL'));
    // The next ingest indexes what waited, its own events after them.
    const rand = prng(12);
    engine.ingest.ingestEvents(Array.from({ length: 500 }, (_, i) => makeEvent(rand, i, { ...opts, seed: 12, start: START + 86_400_000 })), { actor, sourceKey: 'next', label: 'next' });
    expect(count(engine, 'SELECT COUNT(*) FROM entity_events')).toBe(total + 500);
    expect(count(engine, `SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM entity_events x WHERE x.entity_id = COALESCE(e.entity_id, '') AND x.ts = e.ts AND x.id = e.id)`)).toBe(0);
    expect(mark(engine)).toBe(count(engine, 'SELECT MAX(id) FROM events'));
  });

  it('loses the entries of the events retention deletes, and gives new events ids past the mark', () => {
    engine = ingested(4_000);
    const cutoff = START + 2 * 3_600_000;
    const old = count(engine, 'SELECT COUNT(*) FROM events WHERE ts < ?', cutoff);
    expect(old).toBeGreaterThan(100);
    let deleted = 0;
    for (let n = -1; n !== 0; deleted += n) n = engine.telemetry.events.delete(cutoff, 700);
    expect(deleted).toBe(old);
    expect(count(engine, 'SELECT COUNT(*) FROM entity_events')).toBe(count(engine, 'SELECT COUNT(*) FROM events'));
    expect(count(engine, 'SELECT COUNT(*) FROM entity_events WHERE ts < ?', cutoff)).toBe(0);
    // Every event deleted, the newest too: ids still continue past the mark, so new events are indexed.
    const before = mark(engine);
    while (engine.telemetry.events.delete(Number.MAX_SAFE_INTEGER, 1_000) > 0);
    expect(count(engine, 'SELECT COUNT(*) FROM events')).toBe(0);
    engine.ingest.ingestEvents([stray(1), stray(2)], { actor, sourceKey: 'after', label: 'after' });
    expect(count(engine, 'SELECT MIN(id) FROM events')).toBe(before + 1);
    expect(engine.telemetry.counts().unattributed).toBe(2);
    expect(count(engine, 'SELECT COUNT(*) FROM entity_events')).toBe(2);
  });

  it('is built by the migration for a database that held events before it', () => {
    const db = new Database(':memory:');
    try {
      migrate(db, MIGRATIONS.filter((m) => m.version < 900));
      const insert = db.prepare('INSERT INTO events (id, ts, kind, entity_type, entity_id) VALUES (?, ?, ?, ?, ?)');
      for (let i = 1; i <= 300; i++) insert.run(i, START + i * 1000, 'flow', i % 5 === 0 ? null : 'device', i % 5 === 0 ? null : `dev-${i % 7}`);
      migrate(db, MIGRATIONS);
      expect(db.prepare('SELECT COUNT(*) FROM entity_events').pluck().get()).toBe(300);
      expect(db.prepare("SELECT COUNT(*) FROM entity_events WHERE entity_id = ''").pluck().get()).toBe(60);
      expect(db.prepare("SELECT group_concat(id) FROM (SELECT id FROM entity_events WHERE entity_id = 'dev-3' ORDER BY ts)").pluck().get())
        .toBe(db.prepare("SELECT group_concat(id) FROM (SELECT id FROM events WHERE entity_id = 'dev-3' ORDER BY ts)").pluck().get());
      expect(db.prepare('SELECT through FROM entity_events_mark').pluck().get()).toBe(300);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'events_entity_ts'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
