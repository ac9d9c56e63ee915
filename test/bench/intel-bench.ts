// Intel store benchmark: 1,000,000 generated indicators imported through the real file path, then,
// in a fresh process (so RSS is not inflated by the import's garbage), cold index load, RSS,
// matchEvent throughput over a mixed hit/miss stream, and full lookups.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { Engine } from '../../src-main/engine/engine';
import { intToIpv4 } from '../../src-main/engine/inventory/ip';
import { rssMiB, type BenchResult } from './report';

const COUNTS = { ipv4: 600_000, cidr4: 50_000, domain: 170_000, pattern: 30_000, sha256: 150_000 };
const SAMPLE = 50_000;
const EVENTS = 1_000_000;
const PASSES = 4;
const LOOKUPS = 50_000;
/** Set in the re-launched child process: the data dir to measure. */
const CHILD_ENV = 'THREATMATIC_INTEL_BENCH_CHILD';

/** Deterministic xorshift32, so every run measures the same data. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

interface Samples { ips: string[]; domains: string[]; patterns: string[]; hashes: string[] }

/** Writes the feed file line by line and keeps a sample of each kind to probe with later. */
async function generate(file: string): Promise<{ total: number; samples: Samples }> {
  const rand = rng(20_260_521);
  const u32 = () => Math.floor(rand() * 4294967296);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const label = () => Math.floor(rand() * 2 ** 40).toString(36);
  const tlds = ['com', 'net', 'org', 'ru', 'info', 'xyz', 'top', 'io'];
  const tld = () => tlds[Math.floor(rand() * tlds.length)];
  const out = createWriteStream(file);
  const samples: Samples = { ips: [], domains: [], patterns: [], hashes: [] };
  let total = 0;
  let chunk: string[] = ['# generated benchmark feed'];
  const emit = async (v: string, keep?: string[]) => {
    chunk.push(v);
    total++;
    if (keep && keep.length < SAMPLE) keep.push(v);
    if (chunk.length >= 10_000) {
      if (!out.write(chunk.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = [];
    }
  };
  for (let i = 0; i < COUNTS.ipv4; i++) await emit(intToIpv4(u32()), samples.ips);
  for (let i = 0; i < COUNTS.cidr4; i++) {
    const len = 20 + Math.floor(rand() * 9); // /20 … /28, as in drop lists and hosting ranges
    await emit(`${intToIpv4((u32() & (-1 << (32 - len))) >>> 0)}/${len}`);
  }
  for (let i = 0; i < COUNTS.domain; i++) await emit(`${label()}.${label()}.${tld()}`, samples.domains);
  for (let i = 0; i < COUNTS.pattern; i++) await emit(`*.${label()}.${tld()}`, samples.patterns);
  for (let i = 0; i < COUNTS.sha256; i++) await emit(hex(64), samples.hashes);
  out.write(chunk.join('\n') + '\n');
  await new Promise<void>((r) => out.end(() => r()));
  return { total, samples };
}

/** A mixed stream: flows (two addresses), DNS queries with an answer, process hashes. */
function probeEvents(s: Samples): { events: TelemetryEvent[]; fields: number } {
  const rand = rng(7);
  const pick = (a: string[]) => a[Math.floor(rand() * a.length)];
  const u32 = () => Math.floor(rand() * 4294967296);
  const events: TelemetryEvent[] = [];
  let fields = 0;
  for (let i = 0; i < EVENTS; i++) {
    const r = rand();
    if (r < 0.5) {
      events.push({ ts: i, kind: 'flow', src_ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, dst_ip: rand() < 0.1 ? pick(s.ips) : intToIpv4(u32()) });
      fields += 2;
    } else if (r < 0.8) {
      const q = rand() < 0.05 ? pick(s.domains) : rand() < 0.05 ? `www.${pick(s.patterns).slice(2)}` : `host${i % 5000}.example-${i % 977}.com`;
      events.push({ ts: i, kind: 'dns', query: q, answers: [intToIpv4(u32())] });
      fields += 2;
    } else {
      const h = pick(s.hashes);
      events.push({ ts: i, kind: 'process', hash: rand() < 0.1 ? h : (h[0] === 'f' ? '0' : 'f') + h.slice(1) });
      fields += 1;
    }
  }
  return { events, fields };
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();

interface Measured { baselineMiB: number; rssMiB: number; loadMs: number; indexed: number; fields: number; events: number; matchSec: number; matchCpuSec: number; hits: number; lookups: number; lookupSec: number }

/** Loads the index from dir and measures it; runs in the child process. */
function measureLoaded(dir: string): Measured {
  gc();
  const baselineMiB = rssMiB();
  const engine = Engine.open({ dataDir: dir });
  let t = performance.now();
  engine.intel.reload();
  const loadMs = performance.now() - t;
  gc();
  const rss = rssMiB();
  const samples = JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')) as Samples;
  const { events, fields } = probeEvents(samples);
  let hits = 0;
  for (const ev of events.slice(0, 10_000)) engine.intel.matchEvent(ev); // warm-up
  const cpu = process.cpuUsage();
  t = performance.now();
  for (let pass = 0; pass < PASSES; pass++) for (const ev of events) hits += engine.intel.matchEvent(ev).length;
  const matchSec = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const matchCpuSec = (used.user + used.system) / 1e6;
  const sample = [...samples.ips.slice(0, LOOKUPS / 2), ...samples.domains.slice(0, LOOKUPS / 4), ...samples.hashes.slice(0, LOOKUPS / 4)];
  t = performance.now();
  for (const v of sample) engine.intel.lookup(v);
  const lookupSec = (performance.now() - t) / 1000;
  const indexed = engine.intel.indexedCount;
  engine.close();
  return { baselineMiB, rssMiB: rss, loadMs, indexed, fields: fields * PASSES, events: events.length * PASSES, matchSec, matchCpuSec, hits: hits / PASSES, lookups: sample.length, lookupSec };
}

if (process.env[CHILD_ENV]) {
  // Re-launched by runIntelBench: measure a cold process, print one JSON line, and stop here.
  process.stdout.write(`${JSON.stringify(measureLoaded(process.env[CHILD_ENV]))}\n`);
  process.exit(0);
}

/** Runs measureLoaded in a fresh node process (same script, same flags); in-process when that is impossible. */
function measureInChild(dir: string): { m: Measured; fresh: boolean } {
  const script = process.argv[1];
  if (script && /\.m?js$/.test(script)) {
    const run = spawnSync(process.execPath, [...process.execArgv, script], { env: { ...process.env, [CHILD_ENV]: dir }, encoding: 'utf8', maxBuffer: 1 << 20 });
    const line = run.stdout?.split('\n').find((l) => l.startsWith('{'));
    if (run.status === 0 && line) return { m: JSON.parse(line) as Measured, fresh: true };
    console.error(`intel bench: child process failed (${run.status}): ${run.stderr?.slice(0, 2000)}`);
  }
  return { m: measureLoaded(dir), fresh: false };
}

export async function runIntelBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-intel-bench-'));
  try {
    const file = join(dir, 'bench-feed.txt');
    const { total, samples } = await generate(file);
    writeFileSync(join(dir, 'samples.json'), JSON.stringify(samples));

    const writer = Engine.open({ dataDir: dir });
    const t = performance.now();
    const summary = writer.intel.importFile(file, { feed: 'bench', category: 'bench', actor: { type: 'system', id: 'bench' } });
    const importSec = (performance.now() - t) / 1000;
    writer.close();
    rmSync(file);

    const { m, fresh } = measureInChild(dir);
    const where = fresh ? 'fresh process' : 'same process as the import: RSS overstated';
    const perSec = m.fields / m.matchSec;
    return [
      { name: `import ${total.toLocaleString('en-US')} indicators (plain list, one audited txn)`, value: summary.imported / importSec, unit: 'ind/s', note: `${importSec.toFixed(1)} s, ${summary.new_indicators} new, ${summary.rejected_count} rejected` },
      { name: 'cold load of the in-memory index', value: m.loadMs, unit: 'ms', note: `${m.indexed} indicators` },
      { name: 'RSS with 1M indicators loaded (after gc)', value: m.rssMiB, unit: 'MiB', target: '<= 300', met: m.rssMiB <= 300, note: `${where}; ${m.baselineMiB.toFixed(0)} MiB before opening the engine` },
      { name: 'matchEvent over a mixed stream (flows, DNS, hashes)', value: perSec, unit: 'lookups/s', target: '>= 2000000', met: perSec >= 2_000_000, note: `${m.fields.toLocaleString('en-US')} field lookups in ${m.events.toLocaleString('en-US')} events (${Math.round(m.events / m.matchSec).toLocaleString('en-US')} events/s), ${Math.round(m.hits)} hits a pass; ${Math.round(m.fields / m.matchCpuSec).toLocaleString('en-US')} per CPU-second (wall time suffers on a shared machine)` },
      { name: 'lookup(): full threat context incl. SQLite read', value: m.lookups / m.lookupSec, unit: 'lookups/s', note: `${m.lookups} lookups` },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
