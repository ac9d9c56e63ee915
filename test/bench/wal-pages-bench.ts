// Pages an ingest commit writes, by table: the cost behind each commit and behind the WAL checkpoint that
// copies those pages back, counted rather than timed, so it is the same on a quiet machine and a loaded one.
// A 1,000-event batch with every detector over a 3,000-device fleet (the detect suite's workload), and over a
// simulated 10,000-device fleet (the fleet suite's: a batch meets ~1,000 entities); at a few
// batches the database and its WAL are copied (by `cp`, another process: closing a descriptor of a file
// SQLite has locked would drop this process's locks on it), the WAL's frames of its current generation up
// to the last commit are read, and each page is named by `dbstat` on the copy. The events' own pages
// (the table and its time index) are the floor beside them: what storing the events costs anyway.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { BaselineStore } from '../../src-main/engine/baseline/baseline-store';
import { journalLines } from '../../src-main/engine/baseline/baseline-journal';
import { DnsNames } from '../../src-main/engine/baseline/dns-names';
import { silentLogger } from '../../src-main/engine/log';
import { runSimulation } from '../../src-main/engine/simulate/run-simulation';
import { fleet, writeCanonicalFile } from '../fixtures/ingest/generate-canonical';
import type { BenchResult } from './report';

const actor = { type: 'cli' as const, id: 'wal-pages-bench' };
const DEVICES = 3000;
/** Batches at which the WAL is read: after the first entities' whole rows, and later as tables grow. */
const AT_BATCHES = [40, 80, 110];
/** The simulated fleet: the `fleet` suite's size and rate, one day of it. */
const FLEET_DEVICES = 10_000;
const FLEET_HOURS = 24;
const FLEET_AT_BATCHES = [300, 500, 700];
/** Where the journal's cost to readers is measured: past a sweep of the table at the former bound (32 batches). */
const READS_AT_BATCH = 110;

interface Snapshot { commits: number; pages: Map<string, number> }

/** The frames of the WAL's current generation up to its last commit, each named by the table or index it belongs to. */
function readSnapshot(dir: string): Snapshot {
  const wal = readFileSync(join(dir, 'db-wal'));
  const pageSize = wal.readUInt32BE(8);
  const salt = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
  let frames: number[] = [];
  const committed: number[] = [];
  let commits = 0;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (wal.readUInt32BE(at + 8) !== salt[0] || wal.readUInt32BE(at + 12) !== salt[1]) break;
    frames.push(wal.readUInt32BE(at));
    // A commit frame carries the database size after the commit; the others carry 0.
    if (wal.readUInt32BE(at + 4) !== 0) {
      committed.push(...frames);
      frames = [];
      commits++;
    }
  }
  const db = new Database(join(dir, 'db'));
  try {
    const owner = new Map<number, string>();
    for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owner.set(r.pageno, r.name);
    const pages = new Map<string, number>();
    for (const p of committed) {
      const name = owner.get(p) ?? '(free pages)';
      pages.set(name, (pages.get(name) ?? 0) + 1);
    }
    return { commits, pages };
  } finally {
    db.close();
  }
}

/**
 * Runs `ingest` on a fresh engine, copying the database and its WAL inside the batches numbered in `at`,
 * and returns the pages per commit by table found in those copies.
 */
async function pagesPerCommit(at: readonly number[], setup: (engine: Engine, dir: string) => () => Promise<unknown>): Promise<{ commits: number; pages: Map<string, number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-bench-wal-pages-'));
  try {
    // One batch per commit, so the figure stays pages per 1,000-event commit (a one-shot process groups 20 of them: commit-budget.ts).
    const engine = Engine.open({ dataDir: dir, clock: new ManualClock(Date.UTC(2026, 4, 21)), log: silentLogger, ingestGroupEvents: 1 });
    const ingest = setup(engine, dir);
    const copies: string[] = [];
    let batches = 0;
    engine.ingest.addObserver({
      onBatch: () => {
        if (!at.includes(++batches)) return;
        // Inside the batch's transaction: the WAL holds the commits before it, whole.
        const copy = join(dir, `at-${batches}`);
        const cp = spawnSync('sh', ['-c', 'mkdir -p "$3" && cp "$1" "$3/db" && cp "$2" "$3/db-wal"', 'sh', engine.dbPath, `${engine.dbPath}-wal`, copy]);
        if (cp.status !== 0) throw new Error(`copying the database at batch ${batches} failed: ${cp.stderr}`);
        copies.push(copy);
      },
    });
    await ingest();
    engine.close();
    let commits = 0;
    const pages = new Map<string, number>();
    for (const c of copies) {
      const s = readSnapshot(c);
      commits += s.commits;
      for (const [name, n] of s.pages) pages.set(name, (pages.get(name) ?? 0) + n);
    }
    if (commits === 0) throw new Error('no commit found in the WAL copies');
    return { commits, pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figure and its note: pages per commit, the tables that took most of them. */
function perCommit(name: string, at: readonly number[], r: { commits: number; pages: Map<string, number> }): BenchResult {
  const per = (n: number) => n / r.commits;
  const total = [...r.pages.values()].reduce((a, b) => a + b, 0);
  const top = [...r.pages].sort((a, b) => b[1] - a[1]).slice(0, 8);
  return { name, value: per(total), unit: 'pages', note: `${r.commits} commits read at batches ${at.join(', ')}; ${top.map(([n, v]) => `${n} ${per(v).toFixed(1)}`).join(', ')}` };
}

/**
 * What the journal costs a reader at the given batch (inside it, so the batch's own lines count): lines
 * waiting, a whole reload of the baselines (another process that wrote, or a killed ingest resuming), and
 * one device's baseline read afresh (a posture question in another process; the device with the most lines
 * to read), each the median of 5.
 */
interface JournalReads { lines: number; reloadMs: number; oneMs: number }

function journalReads(engine: Engine): JournalReads {
  let lines = 0;
  for (const { body } of engine.db.prepare('SELECT body FROM derived_journal').iterate() as Iterable<{ body: Uint8Array }>) for (const _ of journalLines(body)) lines++;
  const median = (f: () => unknown) => {
    const ms: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      f();
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b)[2];
  };
  const cfg = () => engine.pipeline.config;
  // The device whose whole row is oldest: the most journal rows to read.
  const oldest = engine.db.prepare("SELECT entity_id FROM baselines WHERE entity_type = 'device' ORDER BY journal_seq, entity_id LIMIT 1").pluck().get() as string;
  const dns = new DnsNames(engine.sql, { preload: false });
  return {
    lines,
    reloadMs: median(() => new BaselineStore(engine.sql, cfg, dns)),
    oneMs: median(() => new BaselineStore(engine.sql, cfg, dns, oldest).behavioralBaseline(oldest, 'device')),
  };
}

export async function runWalPagesBench(): Promise<BenchResult[]> {
  const found: { reads?: JournalReads } = {};
  const canonical = await pagesPerCommit(AT_BATCHES, (engine, dir) => {
    engine.audit.record(actor, 'inventory.import', { devices: DEVICES }, () => {
      for (const d of fleet(DEVICES)) engine.inventory.upsertDevice(d);
    });
    let batches = 0;
    engine.ingest.addObserver({
      onBatch: () => {
        if (++batches === READS_AT_BATCH) found.reads = journalReads(engine);
      },
    });
    const file = join(dir, 'events.jsonl');
    writeCanonicalFile(file, 120_000, { devices: DEVICES });
    return () => engine.ingest.ingestFile(file, { actor });
  });
  const reads = found.reads;
  if (reads === undefined) throw new Error(`the ingest ended before batch ${READS_AT_BATCH}`);
  const events = (canonical.pages.get('events') ?? 0) + (canonical.pages.get('events_ts') ?? 0);
  // A large fleet's life: every device a few events an hour, so a batch meets ~1,000 entities and an hour closes for each.
  const simulated = await pagesPerCommit(FLEET_AT_BATCHES, (engine) => {
    const start = Date.UTC(2026, 4, 10);
    return async () => runSimulation(engine, { devices: FLEET_DEVICES, hours: FLEET_HOURS, seed: 5, attacks: 'all', start, eventsPerDeviceHour: 3 }, { actor });
  });
  return [
    perCommit(`WAL pages per 1,000-event commit, every detector (${DEVICES.toLocaleString('en-US')} devices)`, AT_BATCHES, canonical),
    { name: 'of them the events table and its time index (the floor)', value: events / canonical.commits, unit: 'pages' },
    { name: `a whole baselines reload mid-ingest (batch ${READS_AT_BATCH}, ${DEVICES.toLocaleString('en-US')} devices)`, value: reads.reloadMs, unit: 'ms', note: `${reads.lines.toLocaleString('en-US')} journal lines waiting; median of 5` },
    { name: 'one device\'s baseline read afresh mid-ingest (its row and its journal lines)', value: reads.oneMs, unit: 'ms', note: 'median of 5' },
    perCommit(`WAL pages per 1,000-event commit, simulated ${FLEET_DEVICES.toLocaleString('en-US')}-device fleet (${FLEET_HOURS} h, 3 events per device-hour)`, FLEET_AT_BATCHES, simulated),
  ];
}
