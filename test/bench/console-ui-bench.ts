// The console in Debian's Chromium against `threatmatic serve` (the built CLI), each figure beside a
// baseline from the same run:
// - first meaningful paint of the Posture screen (the fleet score drawn) on a cold page load, 10,000
//   devices, beside the same load with 100 devices; and the switch to the Devices screen (first rows);
// - scrolling the Devices list with 100,000 devices in the inventory (the list pages: its largest page,
//   whatever the Rows menu offers, is scrolled top to bottom), frame times from requestAnimationFrame and
//   the main thread's long tasks, beside the same scroll with 10,000 devices;
// - ingest to screen: a one-event file (a flow to an address threat intel lists) ingested by a second
//   process, `threatmatic ingest`, until its IoC anomaly shows in the Posture screen's live feed (pushed
//   over SSE). Three spans per trial: the command's start to the anomaly on screen; the command's start to
//   the anomaly's commit (seen by a reader of the event log polling every 5 ms in this process); that
//   commit to the anomaly on screen (the serve process's poll for other processes' writes, the SSE push,
//   the render). Beside them, the command's own run time, start to exit. Serve mode has no ingest of its
//   own: the contract's ingest.file reads a file on the engine's machine (localFiles) and only the CLI may
//   call it, so there is no figure for ingest through the console or the API.
//
// Knobs: THREATMATIC_BENCH_CONSOLE_UI=ingest or =scroll runs only that part (a re-run on a busy machine);
// THREATMATIC_BENCH_CLI=/path/to/out/main/cli.js measures another build (its CLI and the console it serves)
// with this bench, for a same-run before/after; THREATMATIC_BENCH_ROWS=250 scrolls a page of that size
// rather than the largest offered (to compare builds whose largest pages differ).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { DB_FILE } from '../../src-main/engine/data-dir';
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
/** THREATMATIC_BENCH_CONSOLE_UI=ingest or =scroll runs only that part (a re-run on a busy machine). */
const ONLY = process.env.THREATMATIC_BENCH_CONSOLE_UI === 'ingest' || process.env.THREATMATIC_BENCH_CONSOLE_UI === 'scroll' ? process.env.THREATMATIC_BENCH_CONSOLE_UI : undefined;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

function cliPath(): string {
  if (process.env.THREATMATIC_BENCH_CLI) return resolve(process.env.THREATMATIC_BENCH_CLI);
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

/** Scrolls the page's <main> top to bottom, 40 px a frame: the frame intervals and long tasks (ms). */
const SCROLL_SCRIPT = `() => new Promise((done) => {
  const main = document.querySelector('main');
  main.scrollTop = 0;
  const out = [];
  const longTasks = [];
  const lt = new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); });
  lt.observe({ type: 'longtask' });
  let last = performance.now();
  const step = () => {
    const now = performance.now();
    out.push(now - last);
    last = now;
    main.scrollTop += 40;
    if (main.scrollTop + main.clientHeight >= main.scrollHeight - 1 || out.length > 4000) {
      lt.disconnect();
      done({ frames: out.slice(1), longTasks });
    } else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

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
window.__scroll = ${SCROLL_SCRIPT};
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

interface Scroll { rows: number; frames: number[]; longTasks: number[]; /** The scrolled area's height (px). */ height: number }

/** Scrolls the main area over the Devices list's largest page, one step (40 px) a frame; the frame intervals and long tasks in ms. */
async function scrollFrames(browser: Browser, base: string): Promise<Scroll> {
  const { page, close } = await openConsole(browser, base, 900);
  // The 100,000-device data dir is not scored (Posture would be empty): go straight to Devices.
  await until(page, "document.querySelector('nav.sidebar')");
  await page.evaluate("location.hash = '#/devices'");
  await page.waitForSelector('table.data-table tbody tr');
  const rows = page.getByRole('combobox', { name: 'Rows' });
  const size = Number(process.env.THREATMATIC_BENCH_ROWS) || Math.max(...(await rows.locator('option').allTextContents()).map(Number));
  await rows.selectOption(String(size));
  // The page's range ("1–1,000 of 100,000") says the largest page arrived, whether every row is drawn or only those in view.
  await until(page, `document.querySelector('.pager-range')?.textContent.startsWith(${JSON.stringify(`1–${size.toLocaleString('en-US')} `)})`);
  const r = await page.evaluate<{ frames: number[]; longTasks: number[] }>('__scroll()');
  // Read after the scroll: the windowed list's spacers are sized from rows measured once drawn.
  const height = await page.evaluate<number>("document.querySelector('main').scrollHeight");
  await close();
  return { rows: size, frames: r.frames.sort((a, b) => a - b), longTasks: r.longTasks, height };
}

/**
 * The same scroll over a static page of the same height (one gradient block, no table, no script): what this
 * browser and machine drop on their own (headless, software drawing, a shared VM), beside the console's figure.
 */
async function controlFrames(browser: Browser, height: number): Promise<Scroll> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.setContent(`<main style="display:block;height:100vh;overflow:auto"><div style="height:${height}px;background:linear-gradient(#123,#456)"></div></main>`);
    const r = await page.evaluate<{ frames: number[]; longTasks: number[] }>(`(${SCROLL_SCRIPT})()`);
    return { rows: 0, frames: r.frames.sort((a, b) => a - b), longTasks: r.longTasks, height };
  } finally {
    await page.close();
  }
}

interface IngestTimes { screen: number[]; commit: number[]; commitToScreen: number[]; exit: number[] }

/**
 * When the first event-log row holding `needle` past `after` became readable: a read-only connection of
 * this process polls every 5 ms (WAL readers never wait for the writer), so the stamp is the commit's
 * wall-clock time within 5 ms plus one query.
 */
function commitWatcher(dir: string, after: number, needle: string): { stamp: Promise<number>; stop(): void } {
  const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  const probe = db.prepare('SELECT 1 FROM event_log WHERE cursor > ? AND instr(data, ?) > 0 LIMIT 1');
  let timer: NodeJS.Timeout | undefined;
  const stamp = new Promise<number>((res) => {
    timer = setInterval(() => {
      if (probe.get(after, needle)) {
        const t = Date.now();
        clearInterval(timer);
        res(t);
      }
    }, 5);
  });
  return { stamp, stop: () => { clearInterval(timer); db.close(); } };
}

function lastCursor(dir: string): number {
  const db = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COALESCE(MAX(cursor), 0) AS c FROM event_log').get() as { c: number }).c;
  } finally {
    db.close();
  }
}

/** Ingests one flow to a listed address from a second process: ms from the command's start to the anomaly's commit and to the anomaly in the live feed, from that commit to the feed, and the command's run time. */
async function ingestToScreen(browser: Browser, base: string, cli: string, dir: string, work: string): Promise<IngestTimes> {
  const { page, close } = await openConsole(browser, base);
  await until(page, "document.getElementById('feed-title')");
  const screen: number[] = [];
  const commit: number[] = [];
  const commitToScreen: number[] = [];
  const exit: number[] = [];
  for (let i = 0; i < INGESTS; i++) {
    const ip = `203.0.113.${10 + i}`;
    const file = join(work, `probe-${i}.jsonl`);
    writeFileSync(file, `${toCanonicalLine({ ts: Date.now() - 60_000, kind: 'flow', src_ip: deviceIp(1 + i), src_port: 50_000 + i, dst_ip: ip, dst_port: 443, proto: 'tcp', bytes_out: 900, bytes_in: 4000 } as Parameters<typeof toCanonicalLine>[0])}\n`);
    await page.evaluate(`__expect(${JSON.stringify(ip)})`);
    const watcher = commitWatcher(dir, lastCursor(dir), ip);
    const t0 = Date.now();
    const child = spawn(process.execPath, [cli, 'ingest', file, '--data-dir', dir, '--json'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((res) => child.once('exit', res));
    exit.push(Date.now() - t0);
    if (code !== 0) throw new Error(`ingest of ${file} exited with ${code}`);
    try {
      const committed = await Promise.race([watcher.stamp, new Promise<number>((res) => setTimeout(() => res(NaN), 15_000))]);
      commit.push(committed - t0);
      await until(page, 'window.__arrived !== undefined', 15_000);
      const arrived = await page.evaluate<number>('window.__arrived');
      screen.push(arrived - t0);
      commitToScreen.push(arrived - committed);
    } catch {
      screen.push(NaN);
      commitToScreen.push(NaN);
    } finally {
      watcher.stop();
    }
  }
  await close();
  return { screen, commit, commitToScreen, exit };
}

const each = (xs: number[]) => `each: ${xs.map((n) => Math.round(n)).join(', ')} ms`;

function ingestRows(ingest: IngestTimes, note: string): BenchResult[] {
  return [
    { name: 'ingest (second process) from the command\'s start to the live feed on screen (median of 5)', value: median(ingest.screen), unit: 'ms', target: '<= 1000', met: median(ingest.screen) <= 1000, note: `${each(ingest.screen)}; ${note}` },
    { name: '  of which: command start to the anomaly committed (median)', value: median(ingest.commit), unit: 'ms', note: each(ingest.commit) },
    { name: '  of which: anomaly committed to the live feed on screen (median)', value: median(ingest.commitToScreen), unit: 'ms', target: '<= 1000', met: median(ingest.commitToScreen) <= 1000, note: each(ingest.commitToScreen) },
    { name: '  baseline: the ingest command alone, start to exit (median)', value: median(ingest.exit), unit: 'ms', note: each(ingest.exit) },
  ];
}

const FRAME = 1000 / 60;
/** Frames later than one 60 Hz interval (plus 1 ms of timer jitter). */
const late = (xs: number[]) => xs.filter((ms) => ms > FRAME + 1).length;
/** Frames that took at least one and a half intervals: a vsync passed without a new frame (a frame dropped). */
const dropped = (xs: number[]) => xs.filter((ms) => ms > 1.5 * FRAME).length;

function scrollRow(name: string, s: Scroll): BenchResult {
  const longMs = s.longTasks.reduce((a, b) => a + b, 0);
  return {
    name: `${name} (${s.rows.toLocaleString('en-US')}-row page): frame p50`, value: quantile(s.frames, 0.5), unit: 'ms',
    note: `${s.frames.length} frames, p95 ${quantile(s.frames, 0.95).toFixed(1)} ms, max ${s.frames[s.frames.length - 1]?.toFixed(1)} ms, ${late(s.frames)} over 17.7 ms, ${dropped(s.frames)} over 25 ms (a frame dropped); ${s.longTasks.length} long tasks (${Math.round(longMs)} ms)`,
  };
}

function controlRow(s: Scroll): BenchResult {
  return { ...scrollRow('  baseline: same scroll of a static page as tall', s), name: `  baseline: same scroll of a static page as tall (${s.height.toLocaleString('en-US')} px): frame p50` };
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
    if (!ONLY) await makeDataDir(dirs.small, 100, true);
    await makeDataDir(dirs.mid, 10_000, true);
    if (ONLY !== 'ingest') await makeDataDir(dirs.big, 100_000, false);
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
    const mid = await serve(dirs.mid);
    // Each step's figures go to stderr as they come, so a later failure does not lose them.
    const step = <T,>(what: string, v: T): T => {
      console.error(`console-ui ${what}: ${JSON.stringify(v, (k, x: unknown) => (k === 'frames' && Array.isArray(x) ? `${x.length} frames: ${x.map((n: number) => Math.round(n)).join(' ')}` : x))}`);
      return v;
    };
    const partNote = `${ONLY} part only (THREATMATIC_BENCH_CONSOLE_UI=${ONLY}); ${cli}; load average ${load.toFixed(1)} at start (shared machine)`;
    if (ONLY === 'ingest') return ingestRows(step('ingest', await ingestToScreen(browser, mid, cli, dirs.mid, work)), partNote);
    const big = await serve(dirs.big);
    if (ONLY === 'scroll') {
      const s10k = step('scroll 10k', await scrollFrames(browser, mid));
      const s100k = step('scroll 100k', await scrollFrames(browser, big));
      const control = step('scroll control', await controlFrames(browser, s100k.height));
      return [{ ...scrollRow('scroll Devices, 100,000 devices', s100k), note: `${scrollRow('', s100k).note}; ${partNote}` }, scrollRow('  baseline: same scroll, 10,000 devices', s10k), controlRow(control)];
    }
    const small = await serve(dirs.small);

    const base100 = step('loads 100', await loads(browser, small));
    const base10k = step('loads 10k', await loads(browser, mid));
    const scroll10k = step('scroll 10k', await scrollFrames(browser, mid));
    const scroll100k = step('scroll 100k', await scrollFrames(browser, big));
    const control = step('scroll control', await controlFrames(browser, scroll100k.height));
    const ingest = step('ingest', await ingestToScreen(browser, mid, cli, dirs.mid, work));
    const note = `load average ${load.toFixed(1)} at start (shared machine)`;
    return [
      { name: 'Posture first meaningful paint, cold load, 10,000 devices (median of 5)', value: median(base10k.posture), unit: 'ms', target: '<= 1000', met: median(base10k.posture) <= 1000, note },
      { name: '  baseline: same, 100 devices (median of 5)', value: median(base100.posture), unit: 'ms' },
      { name: 'switch to Devices, first rows drawn, 10,000 devices (median)', value: median(base10k.devices), unit: 'ms' },
      { name: '  baseline: same, 100 devices (median)', value: median(base100.devices), unit: 'ms' },
      scrollRow('scroll Devices, 100,000 devices', scroll100k),
      scrollRow('  baseline: same scroll, 10,000 devices', scroll10k),
      controlRow(control),
      ...ingestRows(ingest, note),
    ];
  } finally {
    await browser?.close();
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    rmSync(work, { recursive: true, force: true });
  }
}
