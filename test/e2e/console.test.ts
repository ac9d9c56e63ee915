// The web console end to end: the real built CLI serves it, Debian's Chromium drives it like an analyst would.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { FIXTURE_DEVICES, seedFixtureInventory } from '../integration/http-fixtures';
import { launchChromium, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

const FEODO = join(new URL('../../../shared/data/threat-intel/blocklists/firehol_feodo.ipset', import.meta.url).pathname);
/** The first address of the FireHOL Feodo list (abuse.ch C2 servers, 2015). */
const KNOWN_C2 = '2.50.11.28';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let expectedContext: { reputation: string; feed_sources: number };

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-'));
  // Prepare the data as the CLI would: inventory and a real feed, through the engine, then close it.
  const engine = Engine.open({ dataDir, log: testLogger });
  seedFixtureInventory(engine);
  engine.intel.importFile(FEODO, { feed: 'firehol_feodo', actor: { type: 'cli', id: 'e2e' } });
  expectedContext = dispatch(engine, 'intel.lookup', { indicator: KNOWN_C2 }, { actor: { type: 'cli', id: 'e2e' } });
  engine.close();

  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // The malformed lookup is answered 400 on purpose; Chromium logs every 4xx fetch as an error.
    if (m.type() === 'error' && !/status of 400 \(Bad Request\)/.test(m.text())) pageErrors.push(m.text());
  });
});

afterAll(() => tearDown(browser, served, dataDir));

describe('web console (threatmatic serve)', () => {
  it('opens with the printed URL, drops the token from the address bar and shows the real device count', async () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+$/);
    await page.goto(served.url);
    const devicesTile = page.getByRole('button', { name: /^Devices \d/ });
    await expect.poll(() => devicesTile.textContent(), { timeout: 15_000 }).toContain(String(FIXTURE_DEVICES.length));
    expect(page.url()).not.toContain('token');
    // Evaluated in the page: typed loosely because the test runs under Node's types.
    expect(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('threatmatic.consoleToken'))).toBeTruthy();
    await page.screenshot({ path: join(resultsDir, 'console-overview.png') });
  });

  it('lists devices and narrows them with the search box', async () => {
    await page.getByRole('link', { name: 'Devices' }).click();
    const rows = page.locator('table.data-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(FIXTURE_DEVICES.length);
    await page.getByRole('searchbox').fill('camera');
    const cameras = FIXTURE_DEVICES.filter((d) => /camera/i.test(`${d.device_id} ${d.name} ${d.model}`));
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(cameras.length);
    expect(await rows.first().textContent()).toMatch(/camera/i);
    await page.getByRole('searchbox').fill('');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(FIXTURE_DEVICES.length);
    // Keyboard: focus a row, open it with Enter, close it with Escape.
    await rows.nth(2).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    await page.screenshot({ path: join(resultsDir, 'console-devices.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('looks up a known indicator and shows its threat context', async () => {
    await page.getByRole('link', { name: 'Threat Intel' }).click();
    await page.getByLabel('Indicator').fill(KNOWN_C2);
    await page.getByRole('button', { name: 'Look up' }).click();
    const card = page.getByTestId('threat-context');
    await expect.poll(() => card.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await card.textContent()).toContain(KNOWN_C2);
    expect(await page.getByTestId('reputation').textContent()).toBe(expectedContext.reputation);
    expect(expectedContext.feed_sources).toBeGreaterThan(0);
    expect(await page.getByRole('table', { name: 'Threat-intel feeds' }).textContent()).toContain('firehol_feodo');
    await page.screenshot({ path: join(resultsDir, 'console-intel.png') });
  });

  it("shows the engine's error for a malformed indicator", async () => {
    await page.getByLabel('Indicator').fill('not an indicator at all');
    await page.getByRole('button', { name: 'Look up' }).click();
    const alert = page.locator('.lookup-result [role="alert"]');
    await expect.poll(() => alert.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await alert.textContent()).toContain('invalid_input');
    expect(await page.getByTestId('threat-context').count()).toBe(0);
    await page.screenshot({ path: join(resultsDir, 'console-intel-error.png') });
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
