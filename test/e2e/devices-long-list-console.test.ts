// A long Devices page end to end (served by the built CLI, driven in Chromium): a page of 1,000 devices
// draws only the rows near the viewport, yet every row is reachable (by keyboard: arrows, Page Down, End;
// by scrolling and clicking), opens the right device, keeps focus when its drawer closes, and the table
// still tells assistive technology how many rows it has and where each drawn row is.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Device } from '@shared/domain/inventory';
import { Engine } from '../../src-main/engine/engine';
import { fleet } from '../fixtures/ingest/generate-canonical';
import { testLogger } from '../support/test-logger';
import { callOp, launchChromium, openPage, resultsDir, serveConsole, type Served, seriousAxeViolations, tearDown } from './console-helpers';

const DEVICES = 1_500;
const PAGE = 1_000;

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
/** The first page as the engine orders it (the table's order until a column is sorted). */
let listed: Device[];

const drawn = () => page.locator('table.data-table tbody tr[data-row-key]');
/** The focused element's row key and position, read in the page. */
const focused = () => page.evaluate<{ key: string | null; index: string | null }>("({ key: document.activeElement?.getAttribute('data-row-key') ?? null, index: document.activeElement?.getAttribute('aria-rowindex') ?? null })");

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-long-list-'));
  const engine = Engine.open({ dataDir, log: testLogger });
  engine.audit.record({ type: 'cli', id: 'e2e' }, 'inventory.import', { devices: DEVICES }, () => {
    // One device half-way down the first page has a long name: drawn, it would widen its column.
    for (const [i, d] of fleet(DEVICES).entries()) engine.inventory.upsertDevice(i === PAGE / 2 ? { ...d, name: `${d.name} (east wing, floor 3, lobby entrance camera)` } : d);
  });
  engine.close();
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await openPage(browser, pageErrors);
  listed = (await callOp<{ devices: Device[] }>(served, 'inventory.listDevices', { limit: PAGE, offset: 0 })).devices;
});

afterAll(() => tearDown(browser, served, dataDir));

describe('Devices with a 1,000-row page (windowed table)', () => {
  it('offers a page of 1,000 rows and draws only those near the viewport', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Devices' }).click();
    await expect.poll(() => drawn().count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByRole('combobox', { name: 'Rows' }).selectOption(String(PAGE));
    await expect.poll(() => page.locator('.pager-range').textContent(), { timeout: 15_000 }).toContain(`1–1,000 of ${DEVICES.toLocaleString('en-US')}`);
    const table = page.getByRole('table', { name: 'Devices' });
    // The header row and 1,000 device rows, whatever is drawn. The pager shows the range asked for at once;
    // the rows arrive with the answer, so wait for the table rather than for the pager.
    await expect.poll(() => table.getAttribute('aria-rowcount'), { timeout: 15_000 }).toBe(String(PAGE + 1));
    const count = await drawn().count();
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThan(200);
    expect(await drawn().first().getAttribute('data-row-key')).toBe(listed[0]!.device_id);
    expect(await drawn().first().getAttribute('aria-rowindex')).toBe('2');
    expect(await seriousAxeViolations(page, 'devices, 1,000-row page')).toEqual([]);
    await page.screenshot({ path: join(resultsDir, 'devices-long-list.png') });
  });

  it('reaches rows beyond the first screen by keyboard and opens the right one', async () => {
    await drawn().first().focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused()).toEqual({ key: listed[1]!.device_id, index: '3' });
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    const afterPages = await focused();
    expect(Number(afterPages.index)).toBeGreaterThan(30);
    expect(afterPages.key).toBe(listed[Number(afterPages.index) - 2]!.device_id);
    // The last row of the page, drawn on the way.
    await page.keyboard.press('End');
    await expect.poll(focused).toEqual({ key: listed[PAGE - 1]!.device_id, index: String(PAGE + 1) });
    await page.keyboard.press('Enter');
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(await drawer.textContent()).toContain(listed[PAGE - 1]!.device_id);
    // Escape returns focus to that row, still drawn though the first rows are not.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect((await focused()).key).toBe(listed[PAGE - 1]!.device_id);
    expect(await page.locator(`tr[data-row-key="${listed[0]!.device_id}"]`).count()).toBe(0);
    await page.keyboard.press('Home');
    await expect.poll(focused).toEqual({ key: listed[0]!.device_id, index: '2' });
  });

  it('draws the rows scrolled to, with the columns as wide as before, and opens the one clicked', async () => {
    const headerWidths = () => page.evaluate<number[]>("[...document.querySelectorAll('table.data-table thead th')].map((th) => Math.round(th.getBoundingClientRect().width))");
    await page.evaluate("document.querySelector('main').scrollTop = 0");
    const atTop = await headerWidths();
    // Half-way down the list: the rows there are drawn, the first ones are not.
    await page.evaluate("(() => { const main = document.querySelector('main'); main.scrollTop = main.scrollHeight / 2; })()");
    const middle = listed[Math.floor(PAGE / 2)]!;
    const row = page.locator(`tr[data-row-key="${middle.device_id}"]`);
    await expect.poll(() => row.count(), { timeout: 5_000 }).toBe(1);
    // Other rows drawn, the same columns: the table does not re-measure (and jump) as rows scroll past.
    expect(await headerWidths()).toEqual(atTop);
    expect(await row.getAttribute('aria-rowindex')).toBe(String(Math.floor(PAGE / 2) + 2));
    await row.click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.isVisible()).toBe(true);
    expect(await drawer.textContent()).toContain(middle.device_id);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('ran without script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
