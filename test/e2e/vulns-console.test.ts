// The Vulnerability Exposure screen end to end: `threatmatic serve` on an empty data dir, the shared CVE,
// OSV and KEV files and a stack with langchain 0.0.171 and langflow 1.2.0 imported by the CLI, driven in
// Chromium: the KEV CVE on the stack ranks first and is overdue by its KEV date, the question bar answers
// the langchain question naming CVE ids and filters the table, the drawer shows the four priority
// components and the affected entry, and marking it fixed (audited) drops it from the open list.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliOk, callOp, openConsole, type Served, tearDown } from './console-helpers';
import { SHARED_DATA } from '../support/shared-data';

const DATA = SHARED_DATA;
let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const cli = (...args: string[]) => void cliOk(dataDir, args);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-vulns-'));
  ({ served, browser, page } = await openConsole(dataDir, ['--no-demo'], pageErrors));
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('Vulnerability exposure console (threatmatic serve)', () => {
  it('ranks, answers the question, breaks a CVE down and marks it fixed', async () => {
    const stack = join(dataDir, 'stack.csv');
    writeFileSync(stack, 'technology,version,vendor,asset_count\nlangchain,0.0.171,LangChain Inc,2\nlangflow,1.2.0,Langflow,1\n');
    cli('stack', 'import', stack);
    cli('cve', 'import', `${DATA}/vulnerabilities/cvelistV5`, `${DATA}/vulnerabilities/osv-pypa`, `${DATA}/cisa-kev/known_exploited_vulnerabilities.json`);

    await page.goto(served.url);
    await page.getByRole('link', { name: 'Vulnerability exposure' }).click();
    const firstRow = page.locator('table.data-table tbody tr').first();
    await expect.poll(() => firstRow.textContent(), { timeout: 15_000 }).toContain('CVE-2025-3248');
    expect(await firstRow.textContent()).toMatch(/KEV.*2025-05-26 \(overdue/);

    await page.getByLabel('Question').fill('what langchain patches matter most right now?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const answer = page.getByTestId('patch-answer');
    await expect.poll(() => answer.textContent(), { timeout: 10_000 }).toMatch(/open langchain CVEs .* CVE-2023-\d+/);
    expect(await answer.textContent()).toContain('products: langchain');
    // The table now runs the filter the question produced: as many rows as the answer counted.
    const counted = Number(/^(\d+) open langchain CVEs/.exec((await answer.textContent()) ?? '')?.[1]);
    await expect.poll(() => page.locator('table.data-table tbody tr').count()).toBe(counted);
    expect(await page.locator('.chips').textContent()).toContain('product langchain');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => firstRow.textContent()).toContain('CVE-2025-3248');
    await firstRow.click();
    const breakdown = page.getByTestId('priority-breakdown');
    await expect.poll(() => breakdown.locator('tr[data-component]').count()).toBe(4);
    expect(await breakdown.locator('tr[data-component="stack"]').textContent()).toContain('30/30');
    expect(await breakdown.locator('tr[data-component="cvss"]').textContent()).toContain('9.8 (CVSS 3.1, cna)');
    expect(await page.getByTestId('patch-match').textContent()).toContain('langflow 1.2.0');
    await page.locator('[aria-label="Status"]').getByRole('button', { name: 'Fixed' }).click();
    await expect.poll(() => firstRow.textContent(), { timeout: 10_000 }).not.toContain('CVE-2025-3248');
    const audit = await callOp<{ entries: { action: string; params: { cve_id: string; status: string } }[] }>(served, 'audit.list', { action: 'vulns.setStatus' });
    expect(audit.entries[0].params).toMatchObject({ cve_id: 'CVE-2025-3248', status: 'fixed' });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
