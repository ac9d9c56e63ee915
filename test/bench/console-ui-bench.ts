// The console in Debian's Chromium against `threatmatic serve` (the built CLI), each figure beside a
// baseline from the same run:
// - first meaningful paint of the Posture screen (the fleet score drawn) on a cold page load, 10,000
//   devices, beside the same load with 100 devices; and the switch to the Devices screen (first rows);
// - scrolling the Devices list with 100,000 devices in the inventory (the list pages: its largest page,
//   250 rows, is scrolled top to bottom), frame times from requestAnimationFrame, beside the same scroll
//   with 10,000 devices;
// - ingest to screen: a one-event file (a flow to an address threat intel lists) ingested by a second
//   process, `threatmatic ingest`, until its IoC anomaly shows in the Posture screen's live feed (pushed
//   over SSE), beside the ingest command's own run time for the same file.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { toCanonicalLine } from '../../src-main/engine/telemetry/canonical';
import { deviceIp, fleet } from '../fixtures/ingest/generate-canonical';
import type { BenchResult } from './report';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'bench-console-ui-token-0123456789';
const LOADS = 5;
const INGESTS = 5;
const actor = { type: 'cli' as const, id: 'bench' };
/** THREATMATIC_BENCH_CONSOLE_UI=ingest runs only the ingest-to-screen part (a re-run on a busy machine). */
const ONLY_INGEST = process.env.THREATMATIC_BENCH_CONSOLE_UI === 'ingest';
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function cliPath(): string {
  const beside = fileURLToPath(new URL('./cli.js', import.meta.url));
  return existsSync(beside) ? beside : resolve(fileURLToPath(new URL('../..', import.meta.url)), 'out/main/cli.js');
}

/** A data dir with `n` inventoried devices (scored, so Posture has a fleet) and the intel the ingest probe hits. */
async function makeDataDir(dir: string, n: number, score: boolean): Promise<void> {
  const engine = Engine.open({ dataDir: dir, log: silentLogger });
  try {
    engine.audit.record(actor, 'inventory.import', { devices: n }, () => {
      for (const d of fleet(n)) engine.inventory.upsertDevice(d);
    });
    engine.intel.importIndicators(Array.from({ length: INGESTS }, (_, i) => ({ value: `203.0.113.${10 + i}`, reputation: 'malicious' as const, categories: ['c2_server'], threat_actors: [] })), { feed: 'bench-feed', format: 'test', actor });
    if (score) engine.posture.recomputeAll();
  } finally {
    engine.close();
  }
}

async function startServe(cli: string, dir: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dir, '--port', '0', '--no-demo', '--json', '--token', TOKEN], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once('line', res);
    child.once('exit', (code) => rej(new Error(`serve exited with ${code} before listening`)));
  });
  return { child, base: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

/**
 * Page-side helpers, given as text (this file is typed for Node, not the DOM): when the first element
 * matching a selector appeared (performance.now(), in __seen), a timed switch of screen, the frame-by-frame
 * scroll, and when a text first showed in the live feed (wall clock, in __arrived).
 */
const PAGE_HELPERS = `
window.__seen = {};
window.__watch = (sel) => {
  const check = () => { if (!(sel in window.__seen) && document.querySelector(sel)) window.__seen[sel] = performance.now(); };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  check();
};
window.__watch('.gauge-score');
window.__switch = (hash, sel) => { window.__watch(sel); const now = performance.now(); location.hash = hash; return now; };
window.__scroll = () => new Promise((done) => {
  const main = document.querySelector('main');
  main.scrollTop = 0;
  const out = [];
  let last = performance.now();
  const step = () => {
    const now = performance.now();
    out.push(now - last);
    last = now;
    main.scrollTop += 40;
    if (main.scrollTop + main.clientHeight >= main.scrollHeight - 1 || out.length > 2000) done(out.slice(1));
    else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
});
window.__expect = (needle) => {
  // One watcher at a time: an earlier one would find its own (older) needle and stamp this trial.
  window.__obs?.disconnect();
  delete window.__arrived;
  // The feed's list appears with its first event: watch the page for a feed line holding the needle.
  const check = () => { if (window.__arrived === undefined && [...document.querySelectorAll('.feed-text')].some((t) => t.textContent.includes(needle))) window.__arrived = Date.now(); };
  window.__obs = new MutationObserver(check);
  window.__obs.observe(document.body, { childList: true, subtree: true, characterData: true });
};
`;

/** Polls a page expression until it is true (page.waitForFunction would eval in the page, which the console's CSP refuses). */
async function until(page: Page, expr: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expr})`))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function seen(page: Page, selector: string, timeoutMs = 30_000): Promise<number> {
  const expr = `window.__seen[${JSON.stringify(selector)}]`;
  await until(page, `${expr} !== undefined`, timeoutMs);
  return page.evaluate<number>(expr);
}

async function openConsole(browser: Browser, base: string, height = 1000): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1440, height } });
  const page = await context.newPage();
  await page.addInitScript(PAGE_HELPERS);
  await page.goto(`${base}/#token=${TOKEN}`);
  return { page, close: () => context.close() };
}

/** Cold loads of Posture (ms from navigation start to the fleet score drawn), then the switch to Devices. */
async function loads(browser: Browser, base: string): Promise<{ posture: number[]; devices: number[] }> {
  const posture: number[] = [];
  const devices: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const { page, close } = await openConsole(browser, base);
    posture.push(await seen(page, '.gauge-score'));
    const t = await page.evaluate<number>("__switch('#/devices', 'table.data-table tbody tr')");
    devices.push((await seen(page, 'table.data-table tbody tr')) - t);
    await close();
  }
  return { posture, devices };
}

/** Scrolls the main area over the Devices list's largest page, one step a frame; the frame intervals in ms. */
async function scrollFrames(browser: Browser, base: string): Promise<number[]> {
  const { page, close } = await openConsole(browser, base, 900);
  // The 100,000-device data dir is not scored (Posture would be empty): go straight to Devices.
  await until(page, "document.querySelector('nav.sidebar')");
  await page.evaluate("location.hash = '#/devices'");
  await page.waitForSelector('table.data-table tbody tr');
  await page.getByRole('combobox', { name: 'Rows' }).selectOption('250');
  await until(page, "document.querySelectorAll('table.data-table tbody tr').length === 250");
  const frames = await page.evaluate<number[]>('__scroll()');
  await close();
  return frames;
}

/** Ingests one flow to a listed address from a second process; ms from the command's start to the anomaly in the live feed, and to its exit. */
async function ingestToScreen(browser: Browser, base: string, cli: string, dir: string, work: string): Promise<{ screen: number[]; exit: number[] }> {
  const { page, close } = await openConsole(browser, base);
  await until(page, "document.getElementById('feed-title')");
  const screen: number[] = [];
  const exit: number[] = [];
  for (let i = 0; i < INGESTS; i++) {
    const ip = `203.0.113.${10 + i}`;
    const file = join(work, `probe-${i}.jsonl`);
    writeFileSync(file, `${toCanonicalLine({ ts: Date.now() - 60_000, kind: 'flow', src_ip: deviceIp(1 + i), src_port: 50_000 + i, dst_ip: ip, dst_port: 443, proto: 'tcp', bytes_out: 900, bytes_in: 4000 } as Parameters<typeof toCanonicalLine>[0])}\n`);
    await page.evaluate(`__expect(${JSON.stringify(ip)})`);
    const t0 = Date.now();
    const child = spawn(process.execPath, [cli, 'ingest', file, '--data-dir', dir, '--json'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((res) => child.once('exit', res));
    exit.push(Date.now() - t0);
    if (code !== 0) throw new Error(`ingest of ${file} exited with ${code}`);
    try {
      await until(page, 'window.__arrived !== undefined', 15_000);
      screen.push((await page.evaluate<number>('window.__arrived')) - t0);
    } catch {
      screen.push(NaN);
    }
  }
  await close();
  return { screen, exit };
}

function ingestRows(ingest: { screen: number[]; exit: number[] }, note: string): BenchResult[] {
  return [
    { name: 'ingest (second process) to the live feed on screen (median of 5)', value: median(ingest.screen), unit: 'ms', target: '<= 1000', met: median(ingest.screen) <= 1000, note: `each: ${ingest.screen.map((n) => Math.round(n)).join(', ')} ms; ${note}` },
    { name: '  baseline: the ingest command alone, start to exit (median)', value: median(ingest.exit), unit: 'ms', note: `each: ${ingest.exit.map((n) => Math.round(n)).join(', ')} ms` },
  ];
}

export async function runConsoleUiBench(): Promise<BenchResult[]> {
  const cli = cliPath();
  if (!existsSync(cli)) return [{ name: 'console UI', value: NaN, unit: '', note: `skipped: ${cli} missing (npm run build)` }];
  if (!existsSync(CHROMIUM)) return [{ name: 'console UI', value: NaN, unit: '', note: `skipped: no Chromium at ${CHROMIUM}` }];
  const work = mkdtempSync(join(tmpdir(), 'tm-bench-console-ui-'));
  const children: ChildProcess[] = [];
  let browser: Browser | undefined;
  try {
    const dirs = { small: join(work, 'd100'), mid: join(work, 'd10k'), big: join(work, 'd100k') };
    await makeDataDir(dirs.small, 100, true);
    await makeDataDir(dirs.mid, 10_000, true);
    if (!ONLY_INGEST) await makeDataDir(dirs.big, 100_000, false);
    const load = loadavg()[0];
    // Loaded at run time from node_modules: bundled into out/main/bench.js, playwright-core cannot find its own files.
    const playwright = 'playwright-core';
    const { chromium } = (await import(/* @vite-ignore */ playwright)) as typeof import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'] });
    const serve = async (dir: string) => {
      const s = await startServe(cli, dir);
      children.push(s.child);
      return s.base;
    };
    const small = await serve(dirs.small);
    const mid = await serve(dirs.mid);
    // Each step's figures go to stderr as they come, so a later failure does not lose them.
    const step = <T,>(what: string, v: T): T => {
      console.error(`console-ui ${what}: ${JSON.stringify(v)}`);
      return v;
    };
    if (ONLY_INGEST) {
      const only = step('ingest', await ingestToScreen(browser, mid, cli, dirs.mid, work));
      return ingestRows(only, `ingest part only (THREATMATIC_BENCH_CONSOLE_UI=ingest); load average ${load.toFixed(1)} at start (machine shared by 6 sessions)`);
    }
    const big = await serve(dirs.big);

    const base100 = step('loads 100', await loads(browser, small));
    const base10k = step('loads 10k', await loads(browser, mid));
    const scroll10k = step('scroll 10k', (await scrollFrames(browser, mid)).sort((a, b) => a - b));
    const scroll100k = step('scroll 100k', (await scrollFrames(browser, big)).sort((a, b) => a - b));
    const ingest = step('ingest', await ingestToScreen(browser, mid, cli, dirs.mid, work));
    const late = (xs: number[]) => xs.filter((ms) => ms > 1000 / 60 + 1).length;
    const note = `load average ${load.toFixed(1)} at start (machine shared by 6 sessions)`;
    return [
      { name: 'Posture first meaningful paint, cold load, 10,000 devices (median of 5)', value: median(base10k.posture), unit: 'ms', target: '<= 1000', met: median(base10k.posture) <= 1000, note },
      { name: '  baseline: same, 100 devices (median of 5)', value: median(base100.posture), unit: 'ms' },
      { name: 'switch to Devices, first rows drawn, 10,000 devices (median)', value: median(base10k.devices), unit: 'ms' },
      { name: '  baseline: same, 100 devices (median)', value: median(base100.devices), unit: 'ms' },
      { name: 'scroll Devices (250-row page), 100,000 devices: frame p50', value: quantile(scroll100k, 0.5), unit: 'ms', note: `${scroll100k.length} frames, p95 ${quantile(scroll100k, 0.95).toFixed(1)} ms, max ${scroll100k[scroll100k.length - 1]?.toFixed(1)} ms, ${late(scroll100k)} over 17.7 ms` },
      { name: '  baseline: same scroll, 10,000 devices: frame p50', value: quantile(scroll10k, 0.5), unit: 'ms', note: `${scroll10k.length} frames, p95 ${quantile(scroll10k, 0.95).toFixed(1)} ms, max ${scroll10k[scroll10k.length - 1]?.toFixed(1)} ms, ${late(scroll10k)} over 17.7 ms` },
      ...ingestRows(ingest, note),
    ];
  } finally {
    await browser?.close();
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(work, { recursive: true, force: true });
  }
}
