// The MCP scan screen end to end: a scan recorded by the CLI (`mcp-scan --tools-json` of the Invariant
// poisoning tool, and a stdio server that changes after approval) shown by `threatmatic serve` in
// Chromium: the finding's matched text appears as text (its `<IMPORTANT>` tag is not markup), the diff
// of the changed server is listed field by field, and Approve re-pins it.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliOk, openConsole, repoRoot, type Served, tearDown } from './console-helpers';
import invariant from '../fixtures/mcpscan/invariant-examples.json';

const SERVER = join(repoRoot, 'test/fixtures/mcpscan/test-mcp-server.mjs');
let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const cli = (...args: string[]) => JSON.parse(cliOk(dataDir, args, { ...process.env, HOME: dataDir })) as Record<string, any>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-mcpscan-'));
  const poisoned = join(dataDir, 'poisoned.json');
  writeFileSync(poisoned, JSON.stringify({ tools: invariant.servers[0].tools }));
  const tools = join(dataDir, 'facts.json');
  writeFileSync(tools, JSON.stringify({ tools: invariant.servers[2].tools }));
  mkdirSync(join(dataDir, '.cursor'));
  writeFileSync(join(dataDir, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { facts: { command: process.execPath, args: [SERVER, 'file', tools] } } }));
  cli('mcp-scan');
  cli('mcp-scan', 'approve', 'facts');
  writeFileSync(tools, JSON.stringify({ tools: invariant.servers[3].tools }));
  cli('mcp-scan', '--tools-json', poisoned, '--config', join(dataDir, '.cursor', 'mcp.json'));
  ({ served, browser, page } = await openConsole(dataDir, ['--no-demo'], pageErrors));
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('MCP scan console', () => {
  it('shows findings with the matched text as text, the diff since approval, and approves', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'MCP scan' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'poisoned.json', exact: true }).first().isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('cell', { name: 'poisoned.json', exact: true }).first().click();
    await expect.poll(() => page.getByTestId('mcp-finding').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('.mcp-matched mark').allTextContents()).not.toEqual([]);
    // Hostile text is never markup: no element named IMPORTANT was made from it.
    expect(await page.locator('important').count()).toBe(0);

    await page.getByRole('cell', { name: 'facts', exact: true }).first().click();
    await expect.poll(() => page.locator('.mcp-diff').getByText('description').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByRole('button', { name: 'Approve facts' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Approve facts' }).count(), { timeout: 10_000 }).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
