// The audit log screen end to end: an isolation made over the console API is found by filtering on the
// action and outcome, the chain verifies from the screen, and the export downloads the rows as JSONL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, callOp, launchChromium, repoRoot, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
let deviceId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-audit-'));
  const sim = spawnSync(process.execPath, [builtCli(), 'simulate', '--devices', '20', '--hours', '24', '--seed', '4', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  const devices = await callOp<{ devices: { device_id: string }[] }>(served, 'inventory.listDevices', { limit: 1 });
  deviceId = devices.devices[0].device_id;
  await callOp(served, 'policy.isolateDevice', { device_id: deviceId, reason: 'e2e: audit screen' });
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('audit log console', () => {
  it('finds the isolation by action and outcome', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('searchbox', { name: 'Action' }).fill('policy.isolateDevice');
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('ok');
    const rows = page.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.first().textContent()).toContain(deviceId);
    expect(await rows.first().textContent()).toContain('analyst');
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('denied');
    await expect.poll(() => page.getByText('No audit entry matches these filters.').isVisible(), { timeout: 10_000 }).toBe(true);
  });

  it('verifies the chain from the screen and exports it as JSONL', async () => {
    await page.getByRole('button', { name: 'Verify chain and checkpoints' }).click();
    const result = page.getByTestId('audit-verify');
    await expect.poll(() => result.count(), { timeout: 10_000 }).toBe(1);
    expect(await result.textContent()).toMatch(/^Chain intact: \d+ entries/);
    await page.screenshot({ path: join(resultsDir, 'audit-console.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSONL' }).click()]);
    const file = join(dataDir, 'export.jsonl');
    await download.saveAs(file);
    const rows = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; action: string });
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.some((r) => r.action === 'policy.isolateDevice')).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
