// The posture console end to end: a simulated fleet with a lateral movement and a C2 beacon, served by
// the built CLI and driven in Chromium: Posture (score, compliance controls, live feed), Anomalies (a
// critical lateral movement, evidence, triage), Incidents (timeline, close from the UI), the device
// drawer's posture, and live updates from the event log without a reload.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { securityLogs, unzip } from '../unit/ingest/helpers';
import { builtCli, callOp, launchChromium, openPage, repoRoot, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

const LSASS_01 = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

function op<T>(name: string, input: unknown): Promise<T> {
  return callOp<T>(served, name, input);
}

const shot = (name: string) => page.screenshot({ path: join(resultsDir, `posture-console-${name}.png`) });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-posture-'));
  const sim = spawnSync(process.execPath, [builtCli(), 'simulate', '--devices', '60', '--hours', '200', '--attack', 'lateral-movement,c2-beacon', '--seed', '7', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await openPage(browser, pageErrors);
});

afterAll(() => tearDown(browser, served, dataDir));

describe('posture console (threatmatic serve on a simulated fleet)', () => {
  it('opens on Posture: the fleet score, its band, dimensions, compliance and the live feed', async () => {
    const fleet = await op<{ score: number; band: string; active_incidents: number }>('posture.fleet', {});
    await page.goto(served.url);
    const gauge = page.getByTestId('fleet-score');
    await expect.poll(() => gauge.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('.gauge-score').textContent()).toBe(String(fleet.score));
    expect(await page.locator('.nav-link').first().textContent()).toBe('Posture');
    expect(await page.getByRole('heading', { name: 'Dimensions' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /^Active incidents \d/ }).textContent()).toContain(String(fleet.active_incidents));
    expect(fleet.active_incidents).toBeGreaterThanOrEqual(2);
    const feed = page.getByTestId('live-feed');
    await expect.poll(() => feed.locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shot('posture');

    await page.getByRole('button', { name: /^NIS2 .*show controls$/ }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.locator('.control').count(), { timeout: 10_000 }).toBeGreaterThan(5);
    expect(await dialog.textContent()).toContain('21(2)');
    await shot('compliance-controls');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('lists a critical lateral_movement_attempt on Anomalies, with its evidence, and acknowledges it', async () => {
    await page.getByRole('link', { name: 'Anomalies' }).click();
    await page.getByRole('combobox', { name: 'Severity' }).selectOption('critical');
    const row = page.locator('table.data-table tbody tr', { hasText: 'Lateral movement attempt' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await row.first().textContent()).toContain('Critical');
    await shot('anomalies');
    await row.first().click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toMatch(/attempting connections to \d+ internal hosts/);
    expect(await dialog.getByRole('list', { name: 'Observed destinations' }).locator('li').count()).toBeGreaterThan(3);
    await dialog.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => dialog.locator('.drawer-badges').textContent(), { timeout: 10_000 }).toContain('Acknowledged');
    await shot('anomaly-drawer');
    await page.keyboard.press('Escape');
  });

  it('shows the lateral-movement incident with its timeline and closes it from the UI', async () => {
    await page.getByRole('link', { name: 'Incidents' }).click();
    const row = page.locator('table.data-table tbody tr', { hasText: /Lateral movement from \S+ to \d+ hosts/ });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await shot('incidents');
    await row.click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('list', { name: 'Timeline' }).locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(1);
    const id = (await dialog.locator('.drawer-sub').textContent())!.trim();
    expect(id).toMatch(/^inc_/);
    await shot('incident-drawer');
    await dialog.getByLabel('Resolution').fill('Workstation reimaged; no credential reuse found on the reached hosts');
    await dialog.getByRole('button', { name: 'Close incident' }).click();
    await expect.poll(() => dialog.locator('.drawer-badges').textContent(), { timeout: 10_000 }).toContain('Closed');
    const closed = await op<{ status: string; resolution: string; anomalies: { status: string }[] }>('incidents.get', { incident_id: id });
    expect(closed).toMatchObject({ status: 'closed', resolution: 'Workstation reimaged; no credential reuse found on the reached hosts' });
    expect(closed.anomalies.every((a) => a.status === 'resolved')).toBe(true);
    expect(await dialog.getByRole('list', { name: 'Timeline' }).textContent()).toContain('Closed by analyst');
    await shot('incident-closed');
    await page.keyboard.press('Escape');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Closed');
  });

  it('follows the event log live: a change made elsewhere shows without a reload', async () => {
    await page.getByRole('link', { name: 'Anomalies' }).click();
    await page.getByRole('combobox', { name: 'Severity' }).selectOption('');
    const rows = page.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const open = await op<{ anomalies: { id: string }[]; total: number }>('anomalies.search', { status: 'open', limit: 100 });
    const target = open.anomalies[0].id;
    // The list may still be filling after the filter change: take the count once it holds still.
    let before = -1;
    await expect.poll(async () => {
      const [a, b] = [await rows.count(), (await page.waitForTimeout(300), await rows.count())];
      before = b;
      return a === b;
    }, { timeout: 10_000 }).toBe(true);
    await op('anomalies.setStatus', { anomaly_id: target, status: 'false_positive', reason: 'e2e: dismissed from another console' });
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before - 1);
  });

  it("shows a device's posture and open anomalies in its drawer", async () => {
    const incidents = await op<{ incidents: { entities: { entity_id: string; role: string }[] }[] }>('incidents.list', { status: 'open' });
    const deviceId = incidents.incidents.flatMap((i) => i.entities).find((e) => e.role !== 'target')!.entity_id;
    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('searchbox').fill(deviceId);
    const row = page.locator('table.data-table tbody tr', { hasText: deviceId });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await row.click();
    const section = page.getByTestId('device-posture');
    await expect.poll(() => section.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await section.textContent()).toMatch(/\d+\/ 100/);
    await shot('device-drawer');
    await page.keyboard.press('Escape');
  });

  it('shows a host known only from telemetry (the OTRF LSASS Meterpreter host) as a discovered device, counted in the high-risk band', async () => {
    const files = unzip(LSASS_01, mkdtempSync(join(tmpdir(), 'threatmatic-e2e-lsass-')));
    const logs = ['dns.log', 'conn.log'].map((name) => files.find((p) => p.endsWith(`/${name}`))!);
    const ingest = spawnSync(process.execPath, [builtCli(), 'ingest', ...logs, '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(ingest.status, ingest.stderr).toBe(0);
    const fleet = await op<{ band_counts: { high_risk: number; moderate: number; healthy: number }; discovered_devices: number; incidents: { title: string }[] }>('posture.fleet', {});
    expect(fleet.discovered_devices).toBeGreaterThanOrEqual(1);
    expect(fleet.band_counts.high_risk).toBeGreaterThanOrEqual(1);

    await page.getByRole('link', { name: 'Posture', exact: true }).click();
    await page.getByRole('button', { name: 'Refresh Posture' }).click();
    const bands = page.getByTestId('band-counts');
    await expect.poll(() => bands.textContent(), { timeout: 10_000 }).toContain(`${fleet.band_counts.high_risk} high risk`);
    const active = page.getByTestId('active-incidents');
    await expect.poll(() => active.textContent(), { timeout: 10_000 }).toContain(fleet.incidents[0].title);
    await shot('band-counts');

    await page.getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('searchbox').fill('192.168.1.41');
    const row = page.locator('table.data-table tbody tr', { hasText: '192.168.1.41' });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.textContent()).toContain('Discovered');
    await page.getByRole('combobox', { name: 'Inventory' }).selectOption('discovered');
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    await shot('discovered-device');
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
