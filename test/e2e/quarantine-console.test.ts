// The Quarantine paths screen end to end on a simulated C2 beacon, served by the built CLI and driven in
// Chromium: nothing configured (enforcement point only), a C2 destination refused with the reason, a
// device type's path saved and listed, a device checked (the path isolating it would apply), and cleared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, callOp, launchChromium, openPage, repoRoot, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
let beaconing: string;
let c2: string[];
const pageErrors: string[] = [];

function op<T>(name: string, input: unknown): Promise<T> {
  return callOp<T>(served, name, input);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-quarantine-'));
  const sim = spawnSync(process.execPath, [builtCli(), 'simulate', '--devices', '40', '--hours', '48', '--attack', 'c2-beacon', '--seed', '5', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  const summary = JSON.parse(sim.stdout) as { attacks: { entity_id: string }[]; indicators: string[] };
  beaconing = summary.attacks[0].entity_id;
  c2 = summary.indicators;
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  // A refused save is answered 400 on purpose; Chromium logs every 4xx fetch as an error.
  page = await openPage(browser, pageErrors, /status of 400 \(Bad Request\)/);
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('quarantine paths console (threatmatic serve on a simulated C2 beacon)', () => {
  it('shows that nothing is configured: a quarantine reaches only the enforcement point', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Quarantine paths' }).click();
    await expect.poll(() => page.getByText('No management path configured').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('enforcement-point').textContent()).toContain('none (no enforcement endpoint with a network host)');
    expect(page.url()).toContain('#/quarantine');
  });

  it('refuses a C2 destination as the fleet default, showing the field and the reason', async () => {
    await page.getByLabel('Destinations').fill(`10.10.1.10\n${c2[0]}`);
    await page.getByRole('button', { name: 'Save path' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: 10_000 }).toContain(`'${c2[0]}' cannot be on a management path: rated malicious by threat intel`);
    expect(await alert.locator('.error-field').textContent()).toBe('destinations[1]');
    expect((await op<{ paths: unknown[] }>('policy.managementPaths', {})).paths).toEqual([]);
  });

  it('saves a device type\'s path, lists it, and shows what isolating the beaconing laptop would apply', async () => {
    await page.getByLabel('Applies to').selectOption('device_type');
    await page.getByLabel('Device type').selectOption('laptop');
    await page.getByLabel('Destinations').fill('10.10.1.10');
    await page.getByRole('button', { name: 'Save path' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).textContent(), { timeout: 10_000 }).toContain('Saved: 10.10.1.10');
    const row = page.locator('.data-table tbody tr');
    await expect.poll(() => row.first().textContent(), { timeout: 10_000 }).toContain('Type: Laptop');
    expect(await row.first().textContent()).toContain('10.10.1.10');
    await page.getByLabel('Device id').fill(beaconing);
    await page.getByRole('button', { name: 'Check' }).click();
    const effective = page.getByTestId('effective-path');
    await expect.poll(() => effective.textContent(), { timeout: 10_000 }).toContain('Device type');
    expect(await effective.textContent()).toContain('10.10.1.10');
    await page.screenshot({ path: join(resultsDir, 'quarantine-console.png') });
    // Isolating applies that path, and the C2 stays cut off.
    const iso = await op<{ management_path: string[]; management_path_source: string }>('policy.isolateDevice', { device_id: beaconing, reason: 'C2 beaconing' });
    expect(iso).toMatchObject({ management_path: ['10.10.1.10'], management_path_source: 'device_type' });
    for (const dest of c2) expect((await op<{ decision: string }>('policy.evaluateAccess', { identity_type: 'device', identity_id: beaconing, destination: dest })).decision).toBe('isolate');
  });

  it('clears the path from its row', async () => {
    await page.getByRole('button', { name: 'Clear Type: Laptop' }).click();
    await expect.poll(() => page.getByText('No management path configured').isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await op<{ paths: unknown[] }>('policy.managementPaths', {})).paths).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
