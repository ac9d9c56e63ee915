// Accessibility of every screen, end to end on a simulated fleet with a lateral movement: axe-core
// (injected from node_modules, nothing downloaded) finds no serious or critical violation on any screen,
// in the dark and the light theme, with a drawer open; the drawer keeps focus inside and gives it back
// to its row on Escape; stat tiles' names carry their numbers; at 390 px the navigation collapses behind
// a menu button; Ctrl+K opens the command palette, which goes to a screen by name.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, launchChromium, openPage, repoRoot, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

// Evaluated through the DevTools protocol, so the console's CSP (script-src 'self') stays as it ships.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/** axe on the page as it is: the serious and critical violations, as "rule: target" lines. */
async function axe(where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } };
    return (await w.axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.slice(0, 3).map((n) => `${where}: ${v.id} (${v.help}) at ${n.target.join(' ')}`));
}

async function screens(): Promise<{ id: string; name: string }[]> {
  return page.locator('nav.sidebar a.nav-link').evaluateAll((links) => links.map((a) => ({ id: (a.getAttribute('href') ?? '').replace('#/', ''), name: a.textContent ?? '' })));
}

/** Goes to a screen and waits until nothing on it is loading. */
async function visit(id: string): Promise<void> {
  await page.evaluate((route) => { location.hash = `#/${route}`; }, id);
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('.state-loading, [aria-busy="true"]').length), { timeout: 15_000 }).toBe(0);
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
      await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
      for (const s of all) {
        await visit(s.id);
        found.push(...(await axe(`${theme} ${s.id}`)));
      }
    }
    await page.evaluate(() => document.documentElement.removeAttribute('data-theme'));
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
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-row-key'))).toBe(key);
  });

  it('names stat tiles with their numbers', async () => {
    await visit('posture');
    const names = await page.locator('.tile-link').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('aria-label') ?? t.textContent ?? ''));
    expect(names.length).toBeGreaterThan(2);
    for (const n of names) expect(n).toMatch(/\d/);
  });

  it('collapses the navigation at 390 px behind a menu button, and Ctrl+K goes to a screen by name', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await visit('incidents');
    expect(await page.locator('nav.sidebar').isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/audit');
    expect(await page.locator('nav.sidebar').isVisible()).toBe(false);
    expect(await axe('390 px audit')).toEqual([]);
    await page.screenshot({ path: join(resultsDir, 'a11y-390px.png') });
    await page.setViewportSize({ width: 1440, height: 1000 });

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await expect.poll(() => palette.count()).toBe(1);
    await page.keyboard.type('polic');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/policies');
    expect(await palette.count()).toBe(0);
    await page.keyboard.press('?');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()).toContain('Ctrl+K');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });
});
