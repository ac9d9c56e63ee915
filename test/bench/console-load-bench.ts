// The console while data flows in: a spawned `threatmatic serve` answers console API calls (reads,
// a static file, policy.blockDestination) first idle, then while a spawned CLI ingest of a generated
// 1M-event file writes into the same data dir. Latencies, failed calls and actions not applied are
// counted; a probe connection in a worker thread measures how long the write lock stays taken, and the
// ingest's own log gives the length of each of its transactions.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { DB_FILE } from '../../src-main/engine/data-dir';
import { Engine } from '../../src-main/engine/engine';
import { MAX_LOCK_MS } from '../../src-main/engine/db/busy';
import { silentLogger } from '../../src-main/engine/log';
import { fleet, writeCanonicalFile } from '../fixtures/ingest/generate-canonical';
import type { BenchResult } from './report';

const DEVICES = 3000;
const EVENTS = Number(process.env.THREATMATIC_BENCH_CONSOLE_EVENTS ?? 1_000_000);
const WARM_EVENTS = 50_000;
const IDLE_ROUNDS = 40;
/** Pause between two rounds of console calls (a person clicking, a page refreshing). */
const ROUND_PAUSE_MS = 50;
const TOKEN = 'bench-console-token-0123456789';
const actor = { type: 'cli' as const, id: 'bench' };

const quantile = (sorted: readonly number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The built CLI beside this bundle (out/main/cli.js), or the repo's when run from source. */
function cliPath(): string {
  const beside = fileURLToPath(new URL('./cli.js', import.meta.url));
  return existsSync(beside) ? beside : resolve(fileURLToPath(new URL('../..', import.meta.url)), 'out/main/cli.js');
}

interface Call { kind: 'static' | 'read' | 'action'; ms: number; status: number; destination?: string; body?: string }

/** One round of what the console does: the page, four reads, one block. */
async function round(base: string, n: number, phase: string): Promise<Call[]> {
  const calls: Call[] = [];
  const time = async (kind: Call['kind'], run: () => Promise<Response>, destination?: string) => {
    const t = performance.now();
    try {
      const res = await run();
      const body = await res.text();
      calls.push({ kind, ms: performance.now() - t, status: res.status, destination, ...(res.status === 200 ? {} : { body: body.slice(0, 300) }) });
    } catch (err) {
      // No answer at all (connection reset, server gone) is a failed call too.
      calls.push({ kind, ms: performance.now() - t, status: 0, destination, body: String((err as Error).cause ?? err) });
    }
  };
  const op = (name: string, input: unknown) => () => fetch(`${base}/api/ops/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  await time('static', () => fetch(`${base}/`));
  await time('read', op('posture.fleet', {}));
  await time('read', op('incidents.list', { limit: 20 }));
  await time('read', op('anomalies.list', { limit: 20 }));
  await time('read', op('inventory.listDevices', { limit: 50 }));
  const destination = `${phase === 'idle' ? 198 : 203}.${(n >> 8) & 255}.${n & 255}.7`;
  await time('action', op('policy.blockDestination', { destination, reason: `bench ${phase} ${n}` }), destination);
  return calls;
}

/** Answers `{ ms: [...] }` when told 'stop': each ms is how long a BEGIN IMMEDIATE waited for another writer. */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 60000');
const waits = [];
let stop = false;
parentPort.on('message', () => { stop = true; });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  while (!stop) {
    const t = performance.now();
    db.exec('BEGIN IMMEDIATE');
    waits.push(performance.now() - t);
    db.exec('ROLLBACK');
    await sleep(10);
  }
  db.close();
  parentPort.postMessage({ ms: waits });
})();
`;

function startProbe(dbPath: string): { stop(): Promise<number[]>; kill(): void } {
  const worker = new Worker(PROBE, { eval: true, workerData: { path: dbPath, module: createRequire(import.meta.url).resolve('better-sqlite3') } });
  return {
    stop: () => new Promise((res, rej) => {
      worker.once('message', (m: { ms: number[] }) => {
        void worker.terminate();
        res(m.ms);
      });
      worker.once('error', rej);
      worker.postMessage('stop');
    }),
    kill: () => void worker.terminate(),
  };
}

async function startServe(cli: string, dir: string): Promise<{ child: ChildProcess; base: string; log: string[] }> {
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dir, '--port', '0', '--no-demo', '--json', '--token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, THREATMATIC_LOG_LEVEL: 'info' } });
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => log.push(l));
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once('line', res);
    child.once('exit', (code) => rej(new Error(`serve exited with ${code} before listening`)));
  });
  const started = JSON.parse(line) as { port: number };
  return { child, base: `http://127.0.0.1:${started.port}`, log };
}

/** Destinations of every block policy, page by page. */
async function blockedDestinations(base: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const res = await fetch(`${base}/api/ops/policy.list`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'block', status: 'active', limit: 1000, offset }) });
    const page = (await res.json()) as { result: { policies: { rules: { destination: string | null }[] }[]; total: number } };
    for (const p of page.result.policies) for (const r of p.rules) if (r.destination) out.add(r.destination);
    if (offset + 1000 >= page.result.total) return out;
  }
}

/** Lock times of the posture recomputes a process logged as over the bound. */
const longPosture = (log: readonly string[]) => log.filter((l) => l.includes('posture recompute held')).map((l) => (JSON.parse(l) as { ms: number }).ms);

function summarise(calls: readonly Call[]) {
  const ms = (k?: Call['kind']) => calls.filter((c) => !k || c.kind === k).map((c) => c.ms).sort((a, b) => a - b);
  const all = ms();
  return {
    p50: quantile(all, 0.5), p95: quantile(all, 0.95), max: all[all.length - 1] ?? NaN,
    staticP95: quantile(ms('static'), 0.95), readP95: quantile(ms('read'), 0.95), actionP95: quantile(ms('action'), 0.95),
    failed: calls.filter((c) => c.status !== 200), actions: calls.filter((c) => c.kind === 'action').length, n: calls.length,
  };
}

export async function runConsoleLoadBench(): Promise<BenchResult[]> {
  const cli = cliPath();
  if (!existsSync(cli)) return [{ name: 'console under ingest', value: NaN, unit: '', note: `skipped: ${cli} missing (npm run build)` }];
  const work = mkdtempSync(join(tmpdir(), 'tm-bench-console-'));
  const dir = join(work, 'data');
  const children: ChildProcess[] = [];
  let probe: ReturnType<typeof startProbe> | undefined;
  let serveLog: string[] = [];
  try {
    // A fleet that already has data (inventory, a first ingest): what the console reads during the big one.
    const file = join(work, 'events.jsonl');
    const warm = join(work, 'warm.jsonl');
    const start = Date.UTC(2026, 4, 1);
    writeCanonicalFile(file, EVENTS, { devices: DEVICES, start, seed: 7 });
    writeCanonicalFile(warm, WARM_EVENTS, { devices: DEVICES, start: start - WARM_EVENTS * 20 - 60_000, seed: 8 });
    const engine = Engine.open({ dataDir: dir, log: silentLogger });
    try {
      engine.audit.record(actor, 'inventory.import', { devices: DEVICES }, () => {
        for (const d of fleet(DEVICES)) engine.inventory.upsertDevice(d);
      });
      await engine.ingest.ingestFile(warm, { actor });
    } finally {
      engine.close();
    }

    const serve = await startServe(cli, dir);
    children.push(serve.child);
    serveLog = serve.log;
    for (let i = 0; i < 5; i++) await round(serve.base, 10_000 + i, 'warmup');
    const idle: Call[] = [];
    for (let i = 0; i < IDLE_ROUNDS; i++) {
      idle.push(...(await round(serve.base, i, 'idle')));
      await sleep(ROUND_PAUSE_MS);
    }

    probe = startProbe(join(dir, DB_FILE));
    const load0 = loadavg()[0];
    const t0 = performance.now();
    const ingest = spawn(process.execPath, [cli, 'ingest', file, '--data-dir', dir, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, THREATMATIC_LOG_LEVEL: 'debug' } });
    children.push(ingest);
    ingest.stdout!.resume();
    const commits: number[] = [];
    let batches = 0;
    /** Per commit a waiting writer cut short: from the ingest seeing it wait to the end of the commit (commit-budget.ts). */
    const waiterWaits: number[] = [];
    const ingestLog: string[] = [];
    createInterface({ input: ingest.stderr! }).on('line', (l) => {
      if (l.includes('ingest transaction')) {
        const c = JSON.parse(l) as { ms: number; what?: string; batches?: number; waiter_ms?: number | null };
        if (c.what === 'index') return;
        commits.push(c.ms);
        batches += c.batches ?? 1;
        if (typeof c.waiter_ms === 'number') waiterWaits.push(c.waiter_ms);
      } else if (l.includes('write lock')) ingestLog.push(l);
    });
    let done = false;
    const exited = new Promise<number | null>((res) => ingest.once('exit', (code) => {
      done = true;
      res(code);
    }));
    const busy: Call[] = [];
    for (let i = 0; !done; i++) {
      busy.push(...(await round(serve.base, i, 'ingest')));
      await sleep(ROUND_PAUSE_MS);
    }
    const code = await exited;
    const seconds = (performance.now() - t0) / 1000;
    const waits = (await probe.stop()).sort((a, b) => a - b);

    // Every block answered 200 must be in force; every other one is a failed action.
    const blocked = await blockedDestinations(serve.base);
    const lostActions = busy.filter((c) => c.kind === 'action' && (c.status !== 200 || !blocked.has(c.destination!)));
    serve.child.kill('SIGTERM');

    const db = new Database(join(dir, DB_FILE), { readonly: true });
    const stored = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    db.close();
    commits.sort((a, b) => a - b);
    waiterWaits.sort((a, b) => a - b);
    const a = summarise(idle);
    const b = summarise(busy);
    const failedNote = b.failed.length ? `; first failure: ${b.failed[0].status} ${b.failed[0].body}; serve's log ends: ${serveLog.slice(-3).join(' | ')}` : '';
    return [
      { name: 'console API idle: p50 / p95 (all calls)', value: a.p50, unit: 'ms', note: `p95 ${a.p95.toFixed(1)} ms over ${a.n} calls (${IDLE_ROUNDS} rounds: page, 4 reads, 1 block)` },
      { name: `console API during a ${(EVENTS / 1e6).toFixed(1)}M-event CLI ingest: p50`, value: b.p50, unit: 'ms', note: `${b.n} calls` },
      { name: 'console API during the ingest: p95', value: b.p95, unit: 'ms', target: '<= 250', met: b.p95 <= 250, note: `max ${b.max.toFixed(0)} ms; p95 static ${b.staticP95.toFixed(1)}, reads ${b.readP95.toFixed(1)}, blockDestination ${b.actionP95.toFixed(1)} ms` },
      { name: 'failed or lost blockDestination actions during the ingest', value: lostActions.length, unit: 'actions', target: '0', met: lostActions.length === 0, note: `${b.actions} actions; failed calls of any kind: ${b.failed.length}${failedNote}` },
      { name: 'ingest while the console is used', value: stored > 0 ? (EVENTS / seconds) : 0, unit: 'events/s', note: `CLI exit ${code}; ${stored.toLocaleString('en-US')} events stored; load average ${load0.toFixed(1)} at start` },
      { name: 'ingest commits a waiting console writer cut short: p95 wait from being seen to the commit', value: waiterWaits.length ? quantile(waiterWaits, 0.95) : 0, unit: 'ms', target: `<= ${MAX_LOCK_MS}`, met: waiterWaits.length === 0 || quantile(waiterWaits, 0.95) <= MAX_LOCK_MS, note: waiterWaits.length === 0 ? 'none: every commit held one batch (THREATMATIC_INGEST_GROUP_EVENTS=1)' : `max ${(waiterWaits[waiterWaits.length - 1] ?? NaN).toFixed(1)} ms, median ${quantile(waiterWaits, 0.5).toFixed(1)} ms over ${waiterWaits.length} commits; ${waiterWaits.filter((ms) => ms > MAX_LOCK_MS).length} over ${MAX_LOCK_MS} ms` },
      { name: 'ingest write transactions: p95 / max lock time', value: quantile(commits, 0.95), unit: 'ms', note: `max ${(commits[commits.length - 1] ?? NaN).toFixed(1)} ms, median ${quantile(commits, 0.5).toFixed(1)} ms over ${commits.length} commits of ${(batches / Math.max(1, commits.length)).toFixed(1)} batches on average; ${commits.filter((ms) => ms > MAX_LOCK_MS).length} over ${MAX_LOCK_MS} ms` },
      { name: 'posture recomputes over the lock bound (ingest process / serve)', value: longPosture(ingestLog).length, unit: 'transactions', note: `longest ${Math.max(0, ...longPosture(ingestLog))} ms in the ingest process; serve: ${longPosture(serveLog).length}, longest ${Math.max(0, ...longPosture(serveLog))} ms` },
      { name: 'probe: longest wait for the write lock during the ingest', value: waits[waits.length - 1] ?? NaN, unit: 'ms', note: `p95 ${quantile(waits, 0.95).toFixed(1)} ms over ${waits.length} BEGIN IMMEDIATE from a third connection that does not say it waits (as a one-shot CLI command's write; any writer: ingest batches, posture, incidents)` },
    ];
  } catch (err) {
    throw new Error(`${String(err)}; serve's log ends: ${serveLog.slice(-5).join(' | ')}`);
  } finally {
    probe?.kill();
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
}
