// Store checks and strict inputs, what they cost: opening a 1M-event database with the quick_check every
// open now runs against the same open without checks, the full integrity_check of `db check`, and the
// strict timestamp reader against Date.parse (the lenient reading it replaced) on the same strings.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src-main/engine/clock';
import { DB_FILE } from '../../src-main/engine/data-dir';
import { checkDatabase } from '../../src-main/engine/db/check';
import { openDatabase } from '../../src-main/engine/db/open';
import { Engine } from '../../src-main/engine/engine';
import { Ingestor } from '../../src-main/engine/ingest/ingestor';
import { timestampField } from '../../src-main/engine/ingest/parsers/fields';
import { silentLogger } from '../../src-main/engine/log';
import { writeCanonicalFile } from '../fixtures/ingest/generate-canonical';
import type { BenchResult } from './report';

const EVENTS = 1_000_000;
const RUNS = 3;
const actor = { type: 'cli' as const, id: 'bench' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Timestamps per second through `read`, over `values` repeated to 2M reads. */
function parseRate(values: string[], read: (v: string) => number): number {
  let sink = 0;
  const n = 2_000_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += read(values[i % values.length]);
  const s = (performance.now() - t0) / 1000;
  if (Number.isNaN(sink)) throw new Error('a timestamp did not parse');
  return n / s;
}

export async function runStoreBench(): Promise<BenchResult[]> {
  const work = mkdtempSync(join(tmpdir(), 'tm-bench-store-'));
  const results: BenchResult[] = [];
  try {
    const file = join(work, 'events.jsonl');
    writeCanonicalFile(file, EVENTS, { devices: 3000 });
    const dir = join(work, 'data');
    const engine = Engine.open({ dataDir: dir, clock: new ManualClock(Date.UTC(2026, 4, 21)), log: silentLogger });
    await new Ingestor({ db: engine.db, clock: engine.clock, log: engine.log, inventory: engine.inventory, intel: engine.intel, audit: engine.audit }).ingestFile(file, { actor });
    engine.close();
    const path = join(dir, DB_FILE);
    const size = `${Math.round(statSync(path).size / 1048576)} MiB`;

    // Warm the page cache once, so every run below reads from memory alike.
    openDatabase(path).close();
    const bare = median(Array.from({ length: RUNS }, () => timeMs(() => {
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('user_version', { simple: true });
      db.close();
    })));
    const full = median(Array.from({ length: RUNS }, () => timeMs(() => openDatabase(path).close())));
    results.push({ name: `open without checks (1M events, ${size})`, value: bare, unit: 'ms' });
    results.push({ name: `openDatabase with version checks + quick_check (1M events, ${size})`, value: full, unit: 'ms', note: `+${Math.round(full - bare)} ms per process start` });
    const integrity = timeMs(() => checkDatabase(path));
    results.push({ name: `db check: full integrity_check (1M events, ${size})`, value: integrity, unit: 'ms' });

    const isoZ = Array.from({ length: 1000 }, (_, i) => new Date(Date.UTC(2026, 0, 1) + i * 3_600_123).toISOString());
    const isoOffset = Array.from({ length: 1000 }, (_, i) => new Date(Date.UTC(2021, 0, 1) + i * 3_600_123).toISOString().replace('Z', '457+0200'));
    results.push({ name: 'timestamps, ISO ...Z: Date.parse (lenient, replaced)', value: parseRate(isoZ, Date.parse), unit: 'per s' });
    results.push({ name: 'timestamps, ISO ...Z: strict timestampField', value: parseRate(isoZ, (v) => timestampField('ts', v)), unit: 'per s' });
    results.push({ name: 'timestamps, ISO +hhmm (Suricata): Date.parse (lenient, replaced)', value: parseRate(isoOffset, Date.parse), unit: 'per s' });
    results.push({ name: 'timestamps, ISO +hhmm (Suricata): strict timestampField', value: parseRate(isoOffset, (v) => timestampField('ts', v)), unit: 'per s' });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}
