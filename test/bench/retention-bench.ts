// Retention's prune, what it costs and how long it holds the write lock: 100k events over 40 days, with
// 10 days kept, pruned by retention.prune (adaptive batches, one short transaction each) against the same
// rows deleted by one plain `DELETE … WHERE ts < ?` on a copy of the same database (the fastest way, and
// the lock held for all of it). Also what the time indexes retention relies on cost ingest: the same
// events ingested with them and with them dropped.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock } from '../../src-main/engine/clock';
import { DB_FILE } from '../../src-main/engine/data-dir';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { fleet, makeEvent, prng } from '../fixtures/ingest/generate-canonical';
import type { BenchResult } from './report';

const EVENTS = 100_000;
const DAYS = 40;
const KEEP_DAYS = 10;
const DAY = 86_400_000;
const START = Date.UTC(2026, 3, 1);
const actor = { type: 'cli' as const, id: 'bench' };
const ADMIN = { actor, scopes: ['admin' as const] };
const NEW_INDEXES = ['events_ts', 'intel_hits_ts', 'entity_hourly_hour', 'event_log_ts', 'rejects_at'];

function telemetry(): TelemetryEvent[] {
  const rand = prng(11);
  const o = { devices: 200, externals: 3000, domains: 3000, users: 200, start: START, seed: 11 };
  return Array.from({ length: EVENTS }, (_, i) => ({ ...makeEvent(rand, i, o), ts: START + Math.floor((i * DAYS * DAY) / EVENTS) }));
}

/** A fresh data dir with the fleet and the events; returns the ingest rate (events/s). */
function build(dir: string, events: TelemetryEvent[], dropIndexes: boolean): number {
  const engine = Engine.open({ dataDir: dir, clock: new ManualClock(START + DAYS * DAY), log: silentLogger });
  try {
    if (dropIndexes) for (const i of NEW_INDEXES) engine.db.exec(`DROP INDEX ${i}`);
    engine.audit.record(actor, 'inventory.import', {}, () => {
      for (const d of fleet(200)) engine.inventory.upsertDevice(d);
    });
    const t0 = performance.now();
    engine.ingest.ingestEvents(events, { actor, sourceKey: 'bench', label: 'bench' });
    return events.length / ((performance.now() - t0) / 1000);
  } finally {
    engine.close();
  }
}

export async function runRetentionBench(): Promise<BenchResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'tm-bench-retention-'));
  const results: BenchResult[] = [];
  try {
    const events = telemetry();
    // Ingest cost of the indexes: without them first, then with them (the order favours neither: both fresh).
    const bare = build(join(work, 'bare'), events, true);
    const dir = join(work, 'data');
    const indexed = build(dir, events, false);
    results.push({ name: `ingest ${EVENTS / 1000}k events, retention's time indexes dropped (baseline)`, value: bare, unit: 'events/s' });
    results.push({ name: `ingest ${EVENTS / 1000}k events with the time indexes (as shipped)`, value: indexed, unit: 'events/s', note: `${Math.round((indexed / bare - 1) * 100)}% vs baseline` });

    copyFileSync(join(dir, DB_FILE), join(work, 'copy.db'));
    const engine = Engine.open({ dataDir: dir, clock: new ManualClock(START + DAYS * DAY), log: silentLogger });
    let summary;
    let cutoff = 0;
    try {
      dispatch(engine, 'retention.set', { events: KEEP_DAYS, intel_hits: KEEP_DAYS, hourly_rollups: 400 }, ADMIN);
      cutoff = engine.retention.store.horizon('events') ?? 0;
      summary = dispatch(engine, 'retention.prune', {}, ADMIN);
      cutoff = engine.retention.store.horizon('events') ?? 0;
    } finally {
      engine.close();
    }
    const rows = summary.deleted.events + summary.deleted.intel_hits;
    results.push({ name: `retention.prune: ${summary.deleted.events} events (+${summary.deleted.intel_hits} hits) in ${summary.batches} batches`, value: rows / summary.seconds, unit: 'rows/s' });
    results.push({ name: 'retention.prune: longest batch (write lock held)', value: summary.max_batch_ms, unit: 'ms', target: '< 100', met: summary.max_batch_ms < 100 });

    // Baseline: the same events deleted at once, on the copy.
    const db = new Database(join(work, 'copy.db'));
    try {
      const t0 = performance.now();
      const deleted = db.prepare('DELETE FROM events WHERE ts < ?').run(cutoff).changes;
      const ms = performance.now() - t0;
      results.push({ name: `one DELETE of the same ${deleted} events (baseline)`, value: deleted / (ms / 1000), unit: 'rows/s' });
      results.push({ name: 'one DELETE: write lock held for all of it (baseline)', value: ms, unit: 'ms' });
    } finally {
      db.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}
