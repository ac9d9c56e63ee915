// Response actions where the analyst is, end to end on a simulated lateral movement, served by the built
// CLI and driven in Chromium: the anomaly's recommended action (Isolate) confirmed with its management
// path, the device shown isolated in its drawer, the action in the audit log as the analyst's; then a
// release, a fleet block of a destination and a user's suspension, each through its confirmation.
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
let deviceId: string;
const pageErrors: string[] = [];

function op<T>(name: string, input: unknown): Promise<T> {
  return callOp<T>(served, name, input);
}

const shot = (name: string) => page.screenshot({ path: join(resultsDir, `response-console-${name}.png`) });

interface AuditEntry { action: string; outcome: string; source: string; params: Record<string, unknown> }

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-response-'));
  const sim = spawnSync(process.execPath, [builtCli(), 'simulate', '--devices', '40', '--hours', '48', '--attack', 'lateral-movement', '--seed', '7', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await openPage(browser, pageErrors);
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('response actions in the console (threatmatic serve on a simulated lateral movement)', () => {
  it("isolates a device from its anomaly's recommended action, showing the management path first", async () => {
    const found = await op<{ anomalies: { id: string; entity_id: string; entity_type: string; recommended_action: string }[] }>('anomalies.search', { type: 'lateral_movement_attempt', limit: 100 });
    const target = found.anomalies.find((a) => a.entity_type === 'device' && a.recommended_action === 'isolate');
    expect(target, 'the simulated lateral movement yields a device anomaly recommending isolation').toBeDefined();
    deviceId = target!.entity_id;
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Anomalies' }).click();
    const row = page.locator('table.data-table tbody tr', { hasText: target!.entity_id }).filter({ hasText: 'Lateral movement attempt' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await row.first().click();
    const drawer = page.getByRole('dialog');
    const isolate = drawer.getByRole('button', { name: 'Isolate device (recommended)' });
    await expect.poll(() => isolate.isVisible(), { timeout: 10_000 }).toBe(true);
    await isolate.click();
    const confirm = page.getByRole('alertdialog');
    const preview = confirm.getByTestId('isolate-preview');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('Management path (Enforcement point)');
    expect(await confirm.locator('textarea:focus').count(), 'focus starts in the reason field').toBe(1);
    await confirm.getByLabel('Reason (recorded in the audit log)').fill('e2e: lateral movement contained');
    await shot('isolate-confirm');
    await confirm.getByRole('button', { name: 'Isolate', exact: true }).click();
    await expect.poll(() => confirm.getByRole('status').textContent(), { timeout: 10_000 }).toContain('Isolated (');
    expect(await confirm.getByTestId('blast-radius').textContent()).toMatch(/Blast radius: 1 device/);
    await confirm.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByRole('alertdialog').count()).toBe(0);
    // Focus goes back to the drawer (the button that opened the dialog is replaced by Release).
    await expect.poll(() => drawer.getByTestId('containment-isolated').textContent(), { timeout: 10_000 }).toMatch(/since .+, until released/);
    expect(await drawer.getByRole('button', { name: 'Release device' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('shows the device isolated in its drawer, and the action in the audit log as the analyst', async () => {
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('searchbox').fill(deviceId);
    const row = page.locator('table.data-table tbody tr', { hasText: deviceId });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByTestId('containment-isolated').isVisible(), { timeout: 10_000 }).toBe(true);
    await shot('device-isolated');
    const audit = await op<{ entries: AuditEntry[] }>('audit.list', { action: 'policy.isolateDevice', limit: 10 });
    const entry = audit.entries.find((e) => e.params.device_id === deviceId);
    expect(entry).toMatchObject({ outcome: 'ok', source: 'analyst' });
    expect(entry!.params.reason).toBe('e2e: lateral movement contained');
  });

  it('releases the device from its drawer', async () => {
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: 'Release device' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Release', exact: true }).click();
    await expect.poll(() => confirm.getByRole('status').textContent(), { timeout: 10_000 }).toContain('Released');
    await confirm.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => drawer.getByRole('button', { name: 'Isolate device' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await drawer.getByTestId('containment-isolated').count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('blocks a destination from the anomaly and shows it blocked', async () => {
    await page.getByRole('link', { name: 'Anomalies' }).click();
    await page.locator('table.data-table tbody tr', { hasText: deviceId }).filter({ hasText: 'Lateral movement attempt' }).first().click();
    const drawer = page.getByRole('dialog');
    const first = drawer.getByRole('list', { name: 'Observed destinations' }).locator('li').first();
    await expect.poll(() => first.isVisible(), { timeout: 10_000 }).toBe(true);
    const dest = (await first.innerText()).split(/\s/)[0];
    await drawer.getByRole('button', { name: `Block ${dest}` }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.textContent()).toContain(`refused traffic to ${dest}`);
    await confirm.getByRole('button', { name: 'Block', exact: true }).click();
    await expect.poll(() => confirm.getByRole('status').textContent(), { timeout: 10_000 }).toContain('Blocked:');
    expect(await confirm.getByTestId('blast-radius').textContent()).toContain('(fleet-wide)');
    await confirm.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => drawer.getByTestId('containment-blocked').first().isVisible(), { timeout: 10_000 }).toBe(true);
    const ctx = await op<{ blocked_in_fleet: boolean }>('intel.lookup', { indicator: dest });
    expect(ctx.blocked_in_fleet).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('opens a user row in a drawer and suspends the user, shown with since/until', async () => {
    const users = await op<{ users: { user_id: string }[] }>('inventory.listUsers', { limit: 1 });
    const userId = users.users[0].user_id;
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('searchbox').fill(userId);
    const row = page.locator('table.data-table tbody tr', { hasText: userId });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: 'Suspend user' }).click();
    const confirm = page.getByRole('alertdialog');
    // Tab stays inside the confirmation.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await confirm.locator(':focus').count(), 'focus stays inside the confirmation').toBe(1);
    await confirm.getByRole('button', { name: 'Suspend', exact: true }).click();
    await expect.poll(() => confirm.getByRole('status').textContent(), { timeout: 10_000 }).toContain('Suspended');
    await confirm.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => drawer.getByTestId('containment-suspended').textContent(), { timeout: 10_000 }).toMatch(/since .+, until released/);
    await shot('user-suspended');
    const audit = await op<{ entries: AuditEntry[] }>('audit.list', { action: 'policy.suspendUser', limit: 10 });
    expect(audit.entries.find((e) => e.params.user_id === userId)).toMatchObject({ outcome: 'ok', source: 'analyst' });
    expect(pageErrors).toEqual([]);
  });
});
