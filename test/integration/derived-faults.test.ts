// Fault injection on the ingest write path, through the built CLI on a simulated fleet with every attack:
// kill -9 at 20 seeded points, a disk that fills up (a small tmpfs), and two ingests into one data dir at
// once. After each, every derived table (hourly roll-ups, destinations, baselines, DNS names, firmware
// judged), the anomalies and `posture --device` baselines equal a clean sequential ingest exactly.
// THREATMATIC_FAULT_KILLS sets the number of kill points (the bench script runs more).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, linesDone, runCli as cli } from '../fixtures/cli-process';
import { settledSnapshot, snapshot, type DerivedSnapshot } from '../fixtures/derived-snapshot';
import { prng } from '../fixtures/ingest/generate-canonical';

/**
 * Small batches, three to a commit (a one-shot process holds several in one transaction: commit-budget.ts): many
 * commits in a small file, so kill points fall between and inside many transactions, and inside their batches.
 */
const ENV = { THREATMATIC_INGEST_BATCH_EVENTS: '1000', THREATMATIC_INGEST_GROUP_EVENTS: '3000' };
const KILLS = Number(process.env.THREATMATIC_FAULT_KILLS ?? 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let work: string;
let telemetry: string;
let total: number;
let template: string;
let clean: DerivedSnapshot;
let victims: string[];
let cleanPosture: Map<string, unknown>;

async function ingest(dataDir: string, file = telemetry): Promise<void> {
  const r = await cli(['ingest', file, '--json', '--data-dir', dataDir], ENV).done;
  expect(r.code, r.stderr).toBe(0);
}

/** A fresh data dir with the fleet's inventory already imported. */
function fresh(name: string): string {
  const dir = join(work, name);
  cpSync(template, dir, { recursive: true });
  return dir;
}

const dbOf = (dataDir: string) => join(dataDir, 'threatmatic.db');

function postureBaselines(dataDir: string): Map<string, unknown> {
  return new Map(victims.map((id) => {
    const out = execFileSync(process.execPath, [builtCli(), 'posture', '--device', id, '--json', '--data-dir', dataDir], { encoding: 'utf8' });
    return [id, (JSON.parse(out) as { behavioral_baseline: unknown }).behavioral_baseline];
  }));
}

describe('derived state under kill -9, a full disk and concurrent ingests (needs the built CLI: npm run build)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tm-derived-faults-'));
    const sim = join(work, 'sim');
    execFileSync(process.execPath, [builtCli(), 'simulate', '--out', sim, '--devices', '30', '--hours', '36', '--attack', 'all', '--seed', '7', '--start', '2026-05-01T00:00:00Z']);
    telemetry = join(sim, 'telemetry.jsonl');
    total = readFileSync(telemetry, 'utf8').trimEnd().split('\n').length;
    const labels = JSON.parse(readFileSync(join(sim, 'labels.json'), 'utf8')) as { labels: { entity_type: string; entity_id: string }[] };
    victims = labels.labels.filter((l) => l.entity_type === 'device').map((l) => l.entity_id);
    template = join(work, 'template');
    execFileSync(process.execPath, [builtCli(), 'inventory', 'import', join(sim, 'inventory.json'), '--data-dir', template]);
    const cleanDir = fresh('clean');
    await ingest(cleanDir);
    clean = snapshot(dbOf(cleanDir));
    cleanPosture = postureBaselines(cleanDir);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the clean run derives something worth comparing', () => {
    expect(clean.events).toBe(total);
    expect(clean.hourly.length).toBeGreaterThan(1000);
    expect(clean.destinations.length).toBeGreaterThan(100);
    expect(clean.baselines.length).toBeGreaterThanOrEqual(30);
    expect(clean.anomalies.map((a) => a[0])).toEqual(expect.arrayContaining(['lateral_movement_attempt', 'auth_bruteforce', 'firmware_eol']));
    expect([...cleanPosture.values()].some((b) => (b as { known_destinations: string[] }).known_destinations.length > 0)).toBe(true);
  });

  it(`kill -9 at ${KILLS} seeded points, then a re-run: derived tables, anomalies and posture baselines equal the clean run`, async () => {
    const rand = prng(2026);
    const points = Array.from({ length: KILLS }, () => 1 + Math.floor(rand() * total));
    let interrupted = 0;
    for (const [i, point] of points.entries()) {
      const dir = fresh(`kill-${i}`);
      const run = cli(['ingest', telemetry, '--json', '--data-dir', dir], ENV);
      let exited = false;
      void run.done.then(() => (exited = true));
      while (!exited && linesDone(dbOf(dir)) < point) await sleep(3);
      run.child.kill('SIGKILL');
      const first = await run.done;
      if (first.signal === 'SIGKILL') interrupted++;
      await ingest(dir);
      expect(snapshot(dbOf(dir)), `kill point ${i} (line ${point})`).toEqual(clean);
      if (i === points.length - 1) expect(postureBaselines(dir)).toEqual(cleanPosture);
      rmSync(dir, { recursive: true, force: true });
    }
    // Most points must really interrupt the ingest (a kill after its exit tests nothing).
    expect(interrupted).toBeGreaterThanOrEqual(Math.ceil(KILLS * 0.75));
  }, 600_000);

  it('two ingests into one data dir at once: each waits its turn and says so, and both count fully', async () => {
    const lines = readFileSync(telemetry, 'utf8').trimEnd().split('\n');
    const half = Math.floor(lines.length / 2);
    const halves = [join(work, 'first-half.jsonl'), join(work, 'second-half.jsonl')];
    writeFileSync(halves[0], `${lines.slice(0, half).join('\n')}\n`);
    writeFileSync(halves[1], `${lines.slice(half).join('\n')}\n`);

    const dir = fresh('concurrent');
    // Held by the test while both start, so they surely overlap (the lock an ingest takes: docs/derived-state.md).
    const holder = new Database(join(dir, 'threatmatic.db.ingest-lock'));
    holder.exec('BEGIN EXCLUSIVE');
    const runs = halves.map((f) => cli(['ingest', f, '--json', '--data-dir', dir], ENV));
    const waiting = [false, false];
    runs.forEach((r, i) => r.child.stderr!.on('data', (d: Buffer) => {
      if (String(d).includes('another ingest into this database is running; waiting for it to finish')) waiting[i] = true;
    }));
    while (!waiting.every(Boolean)) await sleep(20);
    holder.close();
    const [r1, r2] = await Promise.all(runs.map((r) => r.done));
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    const got = snapshot(dbOf(dir));
    expect(got.events).toBe(total);

    // The same halves one after the other, in the order the two took their turns.
    const db = new Database(dbOf(dir), { readonly: true });
    const order = db.prepare('SELECT path FROM ingest_sources ORDER BY id').pluck().all() as string[];
    db.close();
    expect([...order].sort()).toEqual([...halves].sort());
    const sequential = fresh('sequential');
    for (const f of order) await ingest(sequential, f);
    expect(got).toEqual(snapshot(dbOf(sequential)));
    expect(postureBaselines(dir)).toEqual(postureBaselines(sequential));
  }, 300_000);

  // A real full disk: a tmpfs too small for the whole ingest (we mount it; without the privilege to mount, this cannot run).
  const mountable = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
    const probe = mkdtempSync(join(tmpdir(), 'tm-mount-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe]);
      return true;
    } catch {
      return false;
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  })();

  it.skipIf(!mountable)('disk full mid-ingest: no phantom roll-ups; with space again, the re-run equals the clean run', async () => {
    const full = join(work, 'full');
    mkdirSync(full);
    // The inventory alone takes ~1 MB and the clean run ~12 MB with its WAL: this fills up part way.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=5m', 'tmpfs', full]);
    try {
      cpSync(template, full, { recursive: true });
      const r = await cli(['ingest', telemetry, '--json', '--data-dir', full], ENV).done;
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/database or disk is full|SQLITE_FULL/);
      const stored = linesDone(dbOf(full));
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(total);
      // What the committed events and journal lines imply, folded in on a copy with room to spare.
      const after = settledSnapshot(dbOf(full));
      // What the committed events imply, recomputed from scratch on a copy with room to spare.
      const rebuilt = join(work, 'rebuilt');
      cpSync(full, rebuilt, { recursive: true });
      const rb = await cli(['db', 'rebuild-derived', '--json', '--data-dir', rebuilt]).done;
      expect(rb.code, rb.stderr).toBe(0);
      expect(JSON.parse(rb.stdout)).toMatchObject({ events: after.events });
      const fromEvents = snapshot(dbOf(rebuilt));
      expect({ ...after, anomalies: [] }).toEqual({ ...fromEvents, anomalies: [] });
      // Space again: the same data dir on a normal disk resumes to exactly the clean result.
      const resumed = join(work, 'resumed');
      cpSync(full, resumed, { recursive: true });
      await ingest(resumed);
      expect(snapshot(dbOf(resumed))).toEqual(clean);
    } finally {
      execFileSync('umount', [full]);
    }
  }, 300_000);
});
