// The analyst's console end to end on one simulated fleet with a lateral movement (one server for all, to
// keep CI short). Accessibility of every screen: axe-core
// (injected from node_modules, nothing downloaded) finds no serious or critical violation on any screen,
// in the dark and the light theme, with a drawer open; the drawer keeps focus inside and gives it back
// to its row on Escape; stat tiles' names carry their numbers; at 390 px the navigation collapses behind
// a menu button; Ctrl+K opens the command palette, which goes to a screen by name. Then the work itself:
// evidence event ids open those events, a device's timeline shows its events, anomalies and isolation,
// and bulk triage says where the anomalies went (and which incidents closed with them) and undoes it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, callOp, launchChromium, openPage, repoRoot, resultsDir, serveConsole, seriousAxeViolations, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** axe on the page as it is: the serious and critical violations. */
const axe = (where: string) => seriousAxeViolations(page, where);

async function screens(): Promise<{ id: string; name: string }[]> {
  return page.locator('nav.sidebar a.nav-link').evaluateAll((links) => links.map((a) => ({ id: (a.getAttribute('href') ?? '').replace('#/', ''), name: a.textContent ?? '' })));
}

/** Goes to a screen and waits until nothing on it is loading. */
async function visit(id: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(`#/${id}`)}`);
  await expect.poll(() => page.evaluate<number>("document.querySelectorAll('.state-loading, [aria-busy=\"true\"]').length"), { timeout: 15_000 }).toBe(0);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-a11y-'));
  const sim = spawnSync(process.execPath, [builtCli(), 'simulate', '--devices', '20', '--hours', '24', '--attack', 'lateral-movement', '--seed', '7', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await openPage(browser, pageErrors);
  await page.goto(served.url);
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('console accessibility', () => {
  it('has no serious or critical axe violation on any screen, in either theme', async () => {
    const found: string[] = [];
    const all = await screens();
    expect(all.length).toBeGreaterThan(10);
    for (const theme of ['dark', 'light'] as const) {
      await page.evaluate(`document.documentElement.setAttribute('data-theme', '${theme}')`);
      for (const s of all) {
        await visit(s.id);
        found.push(...(await axe(`${theme} ${s.id}`)));
      }
    }
    await page.evaluate("document.documentElement.removeAttribute('data-theme')");
    expect(found).toEqual([]);
  });

  it('keeps focus in an open drawer, passes axe there, and gives focus back to the row on Escape', async () => {
    await visit('devices');
    const row = page.locator('table.data-table tbody tr').nth(2);
    const key = await row.getAttribute('data-row-key');
    await row.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.count(), { timeout: 10_000 }).toBe(1);
    expect(await axe('device drawer')).toEqual([]);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press(i % 2 ? 'Tab' : 'Shift+Tab');
      expect(await page.evaluate<boolean>("Boolean(document.activeElement?.closest('[role=dialog]'))")).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('data-row-key') ?? null")).toBe(key);
  });

  it('names stat tiles with their numbers, and charts the fleet posture trend on Overview', async () => {
    await visit('posture');
    const names = await page.locator('.tile-link').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('aria-label') ?? t.textContent ?? ''));
    expect(names.length).toBeGreaterThan(2);
    for (const n of names) expect(n).toMatch(/\d/);
    await visit('overview');
    const trend = page.getByTestId('posture-trend');
    await expect.poll(() => trend.count(), { timeout: 10_000 }).toBe(1);
    expect(await trend.getAttribute('aria-label')).toMatch(/^Fleet posture from .+ to now: \d+ at the start, \d+ now, lowest \d+, highest \d+, \d+ recorded score/);
    expect(await trend.locator('circle').count()).toBeGreaterThan(0);
  });

  it('collapses the navigation at 390 px behind a menu button, and Ctrl+K goes to a screen by name', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await visit('incidents');
    expect(await page.locator('nav.sidebar').isVisible()).toBe(false);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#/audit');
    expect(await page.locator('nav.sidebar').isVisible()).toBe(false);
    expect(await axe('390 px audit')).toEqual([]);
    await page.screenshot({ path: join(resultsDir, 'a11y-390px.png') });
    await page.setViewportSize({ width: 1440, height: 1000 });

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect.poll(() => palette.count()).toBe(1);
    await page.keyboard.type('polic');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#/policies');
    expect(await palette.count()).toBe(0);
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('Ctrl+K');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('opens the events an anomaly\'s evidence names, and shows the device\'s events, anomalies and isolation on one timeline', async () => {
    const found = await callOp<{ anomalies: { id: string; entity_id: string; entity_type: string; severity: string; evidence: { event_ids?: number[] } }[] }>(served, 'anomalies.search', { status: 'all', entity_type: 'device', limit: 100 });
    const a = found.anomalies.find((x) => (x.evidence.event_ids?.length ?? 0) > 0)!;
    expect(a).toBeDefined();
    const ids = [...new Set(a.evidence.event_ids!)];
    await callOp(served, 'policy.isolateDevice', { device_id: a.entity_id, reason: 'e2e: timeline' });
    await page.evaluate(`location.hash = '#/devices/${encodeURIComponent(a.entity_id)}'`);
    const timeline = page.getByTestId('entity-timeline');
    // All three lanes load on their own; wait for each.
    await expect.poll(async () => { const t = (await timeline.textContent()) ?? ''; return /Actions and changes.*isolate/i.test(t) && t.includes('Anomalies') && /Telemetry.*event \d+/.test(t); }, { timeout: 15_000 }).toBe(true);
    expect(await page.locator('figure.timeline-axis svg').getAttribute('aria-label')).toMatch(/\d+ telemetry, [1-9]\d* anomalies, [1-9]\d* actions and changes/);
    await page.screenshot({ path: join(resultsDir, 'device-timeline.png') });
    await page.keyboard.press('Escape');

    await visit('anomalies');
    const entries = await page.evaluate<number>('history.length');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('all');
    await page.getByRole('combobox', { name: 'Severity' }).selectOption(a.severity);
    // Filters ride in the address, rewritten in place (no history entry per change).
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe(`#/anomalies?severity=${a.severity}&status=all`);
    expect(await page.evaluate<number>('history.length')).toBe(entries);
    await page.locator(`table.data-table tbody tr[data-row-key="${a.id}"]`).click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe(`#/anomalies/${a.id}?severity=${a.severity}&status=all`);
    await page.getByRole('link', { name: `Open ${ids.length} event${ids.length === 1 ? '' : 's'}` }).click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe(`#/events?ids=${a.evidence.event_ids!.slice(0, 100).join(',')}`);
    await expect.poll(() => page.locator('table.data-table tbody tr').count(), { timeout: 10_000 }).toBe(ids.length);
    const shown = await page.locator('table.data-table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-row-key'))));
    expect(shown.sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    expect(await page.getByTestId('events-ids').textContent()).toContain(`Only the ${ids.length} event`);
    // Back returns to the anomaly's drawer; its address opens it anew after a reload (anomalies.get by id).
    await page.goBack();
    await expect.poll(() => page.locator('[role="dialog"]').getByText(a.id).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.reload();
    await expect.poll(() => page.locator('[role="dialog"]').getByText(a.id).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('all');
    expect(await page.getByRole('combobox', { name: 'Severity' }).inputValue()).toBe(a.severity);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe(`#/anomalies?severity=${a.severity}&status=all`);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#/anomalies');
    expect(pageErrors).toEqual([]);
  });

  it('bulk-marks anomalies false positive with one reason, says where they went, and undoes it', async () => {
    await visit('anomalies');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('open');
    const rows = page.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const before = (await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-row-key')!))).sort();
    const openIncidents = async () => (await callOp<{ incidents: { id: string }[] }>(served, 'incidents.list', { status: 'open', limit: 100 })).incidents.map((i) => i.id).sort();
    const incidentsBefore = await openIncidents();
    await page.getByRole('checkbox', { name: /^Select all \d+ rows shown$/ }).check();
    const bar = page.getByRole('region', { name: 'Bulk triage' });
    expect(await bar.textContent()).toContain(`${before.length} selected`);
    expect(await bar.getByRole('button', { name: 'False positive' }).isDisabled()).toBe(true);
    await bar.getByLabel('Reason for all').fill('e2e: authorised scan');
    await bar.getByRole('button', { name: 'False positive' }).click();
    const notice = page.getByTestId('bulk-done');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toContain(`${before.length} anomal`);
    expect(await notice.textContent()).toContain('under Status “False positive”');
    await expect.poll(() => page.getByText('No anomaly matches these filters').or(page.getByText('No open anomalies')).count(), { timeout: 10_000 }).toBe(1);
    const dismissed = await callOp<{ anomalies: { id: string; status_reason: string }[] }>(served, 'anomalies.search', { status: 'false_positive', limit: 100 });
    expect(dismissed.anomalies.map((a) => a.id).sort()).toEqual(before);
    expect(new Set(dismissed.anomalies.map((a) => a.status_reason))).toEqual(new Set(['e2e: authorised scan']));
    // The incidents that held only these anomalies closed, and the notice names each with its link.
    const stillOpen = await openIncidents();
    const closed = incidentsBefore.filter((id) => !stillOpen.includes(id));
    expect(closed.length).toBeGreaterThan(0);
    expect(await notice.locator('a[href^="#/incidents/"]').evaluateAll((as) => as.map((a) => a.textContent!).sort())).toEqual(closed);
    const why = await callOp<{ timeline: { kind: string; summary: string }[] }>(served, 'incidents.get', { incident_id: closed[0] });
    expect(why.timeline.at(-1)).toMatchObject({ kind: 'closed', summary: expect.stringContaining('Every member anomaly settled') });

    await notice.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-row-key')!).sort()), { timeout: 15_000 }).toEqual(before);
    expect((await callOp<{ total: number }>(served, 'anomalies.search', { status: 'false_positive' })).total).toBe(0);
    expect(await openIncidents()).toEqual(incidentsBefore);
    expect(pageErrors).toEqual([]);
  });
});
