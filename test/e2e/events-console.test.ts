// The Events screen end to end: `threatmatic serve` on a data dir holding a real capture (Stratosphere
// Slips test6, Suricata EVE, ingested by the CLI), driven in Chromium. A search for a known destination
// finds its events with a histogram, and the REST door answers the same search.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, callOp, openConsole, repoRoot, resultsDir, type Served, tearDown } from './console-helpers';

const SURICATA = join(repoRoot, '../shared/data/security-logs/stratosphere-slips/test6-malicious.suricata.json');
let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-events-'));
  const r = spawnSync(process.execPath, [builtCli(), 'ingest', SURICATA, '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  ({ served, browser, page } = await openConsole(dataDir, ['--no-demo'], pageErrors));
}, 180_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('Events console (threatmatic serve)', () => {
  it('finds the events of a known destination, with a histogram of the matches', async () => {
    const known = (await callOp<{ events: { id: number; dst_ip: string | null }[] }>(served, 'events.search', { kind: 'flow', limit: 1 })).events[0];
    expect(known.dst_ip).toBeTruthy();
    const expected = await callOp<{ total: number }>(served, 'events.search', { q: known.dst_ip });
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByLabel('Text').fill(known.dst_ip!);
    await page.getByRole('button', { name: 'Search' }).click();
    const heading = page.getByRole('heading', { name: new RegExp(`^${expected.total} matching events`) });
    await expect.poll(() => heading.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByRole('img', { name: new RegExp(`^${expected.total} matching events over time`) }).isVisible()).toBe(true);
    const rows = page.getByRole('row').filter({ hasText: known.dst_ip! });
    expect(await rows.count()).toBeGreaterThan(0);

    const created = spawnSync(process.execPath, [builtCli(), 'keys', 'create', '--name', 'events-reader', '--scopes', 'read', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(created.status, created.stderr).toBe(0);
    const rest = await fetch(`http://127.0.0.1:${served.port}/api/v1/events?q=${encodeURIComponent(known.dst_ip!)}`, { headers: { 'X-Org-Key': (JSON.parse(created.stdout) as { key: string }).key } });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { total: number }).total).toBe(expected.total);
    await page.screenshot({ path: join(resultsDir, 'events-search.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
