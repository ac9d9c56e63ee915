// Ingest benchmark: canonical JSONL end to end (parse + attribute + intel match + insert) on 1M and
// 3M generated events, peak RSS during each (memory must stay flat with file size), and the raw
// better-sqlite3 insert rate of the same rows into the same schema as the ceiling to compare with.
// The ingest pipeline is measured on its own (an Ingestor without observers) and, for 1M events, also
// as the engine runs it, with the continuous detection pipeline observing every batch.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src-main/engine/clock';
import { DB_FILE } from '../../src-main/engine/data-dir';
import { openDatabase } from '../../src-main/engine/db/open';
import { Engine } from '../../src-main/engine/engine';
import { Ingestor } from '../../src-main/engine/ingest/ingestor';
import { silentLogger } from '../../src-main/engine/log';
import { domainName, externalIp, fleet, writeCanonicalFile } from '../fixtures/ingest/generate-canonical';
import { rawInsertRate, rssMiB, type BenchResult } from './report';

const DEVICES = 3000;
const INDICATORS = 100_000;
const TARGET_EPS = 150_000;
const actor = { type: 'cli' as const, id: 'bench' };

function seed(engine: Engine): void {
  engine.audit.record(actor, 'inventory.import', { devices: DEVICES }, () => {
    for (const d of fleet(DEVICES)) engine.inventory.upsertDevice(d);
  });
  // ~100k indicators straight into the table (a fixture, not a feed import); 100 IPs and 250 domains
  // of the generated traffic are among them, so about 0.5% of flows and DNS lookups hit.
  const ins = engine.db.prepare(`INSERT OR IGNORE INTO indicators (kind, value, reputation, categories, threat_actors, feed_sources) VALUES (?, ?, 'malicious', '["c2"]', '[]', 1)`);
  engine.db.transaction(() => {
    for (let i = 0; i < INDICATORS * 0.6; i++) ins.run('ipv4', externalIp(i < 100 ? 19_900 + i : 1_000_000 + i));
    for (let i = 0; i < INDICATORS * 0.4; i++) ins.run('domain', i < 250 ? domainName(49_750 + i) : `bad${i}.example.bad`);
  })();
  engine.intel.reload();
}

interface IngestRunResult { eps: number; peak: number; before: number; hits: number; summaryEvents: number; dir: string }

/** Ingests into a fresh data dir; the caller removes `dir` (the 1M run's rows feed the raw baseline). */
async function ingestOnce(file: string, withObservers: boolean): Promise<IngestRunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-bench-ingest-'));
  const engine = Engine.open({ dataDir: dir, clock: new ManualClock(Date.UTC(2026, 4, 21)), log: silentLogger });
  try {
    seed(engine);
    globalThis.gc?.();
    const before = rssMiB();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB());
    }, 25);
    const t0 = performance.now();
    // The engine's own Ingestor carries the observers the engine registered (detection pipeline).
    const ingest = withObservers ? engine.ingest : new Ingestor({ db: engine.db, clock: engine.clock, log: engine.log, inventory: engine.inventory, intel: engine.intel, audit: engine.audit });
    const summary = await ingest.ingestFile(file, { actor });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB());
    return { eps: summary.events / seconds, peak, before, hits: summary.intel_hits, summaryEvents: summary.events, dir };
  } finally {
    engine.close();
  }
}

/** The raw baseline on the rows the 1M run stored. */
function rawInsertRateOf(fromDir: string): number {
  const source = openDatabase(join(fromDir, DB_FILE));
  const rows = source.prepare('SELECT * FROM events ORDER BY id').raw().all() as unknown[][];
  source.close();
  return rawInsertRate(rows);
}

export async function runIngestBench(): Promise<BenchResult[]> {
  const scale = Number(process.env.THREATMATIC_BENCH_INGEST_SCALE ?? 1);
  const sizes = [1_000_000, 3_000_000].map((n) => Math.round(n * scale));
  const work = mkdtempSync(join(tmpdir(), 'tm-bench-files-'));
  const label = (n: number, file: string) => `${(n / 1e6).toFixed(n % 1e6 ? 2 : 0)}M events, ${Math.round(statSync(file).size / 1048576)} MiB`;
  const results: BenchResult[] = [];
  const dirs: string[] = [];
  try {
    const files = sizes.map((n) => {
      const file = join(work, `canonical-${n}.jsonl`);
      writeCanonicalFile(file, n, { devices: DEVICES });
      return file;
    });
    const runs: IngestRunResult[] = [];
    for (let i = 0; i < sizes.length; i++) {
      const r = await ingestOnce(files[i], false);
      dirs.push(r.dir);
      runs.push(r);
      results.push({ name: `ingest canonical JSONL end to end (${label(sizes[i], files[i])})`, value: r.eps, unit: 'events/s', target: `>= ${TARGET_EPS}`, met: r.eps >= TARGET_EPS, note: `${r.summaryEvents} events, ${r.hits} intel hits` });
      results.push({ name: `peak RSS during ingest (${label(sizes[i], files[i])})`, value: r.peak, unit: 'MiB', note: `${Math.round(r.before)} MiB before the ingest` });
      if (i > 0) rmSync(r.dir, { recursive: true, force: true });
    }
    // After the RSS figures: the baseline holds all 1M rows in memory.
    const raw = rawInsertRateOf(runs[0].dir);
    results.push({ name: `raw better-sqlite3 INSERT of the same rows, one transaction (${label(sizes[0], files[0])})`, value: raw, unit: 'rows/s' });
    const ratio = (runs[0].eps / raw) * 100;
    results.push({ name: 'ingest end to end / raw insert rate (1M)', value: ratio, unit: '%', target: '>= 40', met: ratio >= 40 });
    // Last, so its memory does not weigh on the figures above: as the engine runs it, detection included.
    const full = await ingestOnce(files[0], true);
    dirs.push(full.dir);
    results.push({ name: `ingest + the engine's observers (detection pipeline) (${label(sizes[0], files[0])})`, value: full.eps, unit: 'events/s', note: `peak RSS ${Math.round(full.peak)} MiB` });
  } finally {
    for (const d of [...dirs, work]) rmSync(d, { recursive: true, force: true });
  }
  return results;
}
