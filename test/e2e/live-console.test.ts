// Live updates end to end: `threatmatic serve` on an empty data dir, driven in Chromium. Engine events
// reach the page over the console's own SSE route (console token, resumable with Last-Event-ID): an agent
// registered by another process appears on the open AI assets screen and in no request the page polls;
// stopping the server turns the status line to "unreachable" instead of leaving it green.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliOk, launchChromium, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const opsCalled: string[] = [];

const cli = (...args: string[]) => JSON.parse(cliOk(dataDir, args)) as Record<string, any>;

const token = () => new URL(served.url).hash.replace(/^#token=/, '');

/** Reads the console stream until `count` messages arrived; returns their ids and event types. */
async function readStream(headers: Record<string, string>, count: number) {
  const ac = new AbortController();
  const res = await fetch(`http://127.0.0.1:${served.port}/api/console/stream`, { headers, signal: ac.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const ids = () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
  while (ids().length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  ac.abort();
  return { ids: ids(), types: [...text.matchAll(/"event_type":"(\w+)"/g)].map((m) => m[1]) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-live-'));
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    const m = /\/api\/ops\/([\w.]+)/.exec(r.url());
    if (m) opsCalled.push(m[1]);
  });
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('live console (threatmatic serve)', () => {
  it('serves engine events over SSE with the console token only, resuming after Last-Event-ID', async () => {
    const refused = await fetch(`http://127.0.0.1:${served.port}/api/console/stream`);
    expect(refused.status).toBe(401);
    cli('assets', 'register', 'mcp_server', 'first-server', '--transport', 'stdio', '--command', 'node first.js');
    cli('assets', 'register', 'mcp_server', 'second-server', '--transport', 'stdio', '--command', 'node second.js');
    const all = await readStream({ Authorization: `Bearer ${token()}`, 'Last-Event-ID': '0' }, 2);
    expect(all.types).toEqual(['asset', 'asset']);
    const resumed = await readStream({ Authorization: `Bearer ${token()}`, 'Last-Event-ID': String(all.ids[0]) }, 1);
    expect(resumed.ids[0]).toBe(all.ids[1]);
    const bad = await fetch(`http://127.0.0.1:${served.port}/api/console/stream`, { headers: { Authorization: `Bearer ${token()}`, 'Last-Event-ID': 'soon' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('Last-Event-ID');
  });

  it('shows an agent registered by another process on the open screen, pushed rather than polled', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'AI assets' }).click();
    await expect.poll(() => page.getByRole('cell', { name: /second-server/ }).first().isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Local console server: live' }).isVisible(), { timeout: 10_000 }).toBe(true);
    const readsBefore = opsCalled.filter((n) => n === 'events.read').length;
    cli('assets', 'register', 'mcp_server', 'pushed-server', '--transport', 'stdio', '--command', 'node pushed.js');
    await expect.poll(() => page.getByRole('cell', { name: /pushed-server/ }).first().isVisible(), { timeout: 15_000 }).toBe(true);
    // The event came over the stream: the page read no events through the operation API to find it.
    expect(opsCalled.filter((n) => n === 'events.read').length).toBe(readsBefore);
    await page.screenshot({ path: join(resultsDir, 'live-assets.png') });
  });

  it('says the server is unreachable once serve stops', async () => {
    expect(await served.stop()).toBe(0);
    const status = page.getByRole('status').filter({ hasText: 'Local console server unreachable' });
    await expect.poll(() => status.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('.status-dot').getAttribute('class')).toContain('status-down');
    await page.screenshot({ path: join(resultsDir, 'live-unreachable.png') });
    expect(pageErrors).toEqual([]);
  });
});
