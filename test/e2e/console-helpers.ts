// What the e2e specs share: Debian's Chromium (never downloaded), the built CLI, and a served console on a temp data dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { builtCli } from '../fixtures/cli-process';

export { builtCli };

/** Runs the built CLI on a data folder with `--json`; fails the test with its stderr unless it exits 0. Its stdout. */
export function cliOk(dataDir: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(process.execPath, [builtCli(), ...args, '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8', env });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const resultsDir = join(repoRoot, 'test-results');
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install Debian's package with \`apt-get install -y chromium\` (the e2e specs never download browsers).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface Served {
  url: string;
  port: number;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<number | null>;
}

/** Starts `node out/main/cli.js serve --json` and resolves with the JSON line it prints at start. */
export function serveConsole(dataDir: string, extraArgs: string[] = []): Promise<Served> {
  mkdirSync(resultsDir, { recursive: true });
  const child = spawn(process.execPath, [builtCli(), 'serve', '--port', '0', '--data-dir', dataDir, '--json', ...extraArgs], {
    cwd: repoRoot,
    env: { ...process.env, THREATMATIC_CONSOLE_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`serve printed no start line within 60 s; stderr:\n${err}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before starting; stderr:\n${err}`));
    });
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const started = JSON.parse(line) as { url: string; port: number };
      resolveStart({
        ...started,
        child,
        stderr: () => err,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** `threatmatic serve` on dataDir and a Chromium page at desktop size whose uncaught errors go to pageErrors. */
export async function openConsole(dataDir: string, serveArgs: string[], pageErrors: string[]): Promise<{ served: Served; browser: Browser; page: Page }> {
  const served = await serveConsole(dataDir, serveArgs);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { served, browser, page };
}

/** Calls an operation over the served HTTP API with the console token, as a second analyst would. */
export async function callOp<T>(served: Served, name: string, input: unknown): Promise<T> {
  const token = new URL(served.url).hash.replace(/^#token=/, '');
  const res = await fetch(`http://127.0.0.1:${served.port}/api/ops/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  const reply = (await res.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!reply.ok) throw new Error(`${name}: ${reply.error?.message}`);
  return reply.result;
}

/** Closes the browser, stops serve (which must exit cleanly on SIGTERM) and removes the data folder. */
export async function tearDown(browser: Browser | undefined, served: Served | undefined, dataDir: string): Promise<void> {
  await browser?.close();
  const code = await served?.stop();
  expect(code, `serve should stop cleanly on SIGTERM; stderr:\n${served?.stderr()}`).toBe(0);
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * A page at desktop size whose uncaught errors and console errors are collected in `errors`, which a spec
 * expects to stay empty; `expected` names console errors a spec provokes on purpose (a refused save is
 * answered 400, and Chromium logs every 4xx fetch).
 */
export async function openPage(browser: Browser, errors: string[], expected?: RegExp): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !(expected && expected.test(m.text()))) errors.push(m.text());
  });
  return page;
}

// axe-core from node_modules, evaluated through the DevTools protocol so the console's CSP stays as it ships.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe on the page as it is now: its serious and critical violations as "where: rule (help) at target" lines (a spec expects []). */
export async function seriousAxeViolations(page: Page, where: string): Promise<string[]> {
  // Page code is given as text: the specs are typed for Node, not the DOM.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = await page.evaluate<AxeViolation[]>("axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)");
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.slice(0, 3).map((n) => `${where}: ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}
