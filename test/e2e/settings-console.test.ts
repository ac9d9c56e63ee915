// The Settings screen end to end: `threatmatic serve` on an empty data dir, driven in Chromium. An API key
// created there is shown once (not after a reload), works on the REST door, and stops working once revoked
// from the same screen; the MCP snippets carry this server's URL; the data folder is the one serve uses.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { callOp, launchChromium, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const restStatus = async (key: string) => (await fetch(`http://127.0.0.1:${served.port}/api/v1/devices`, { headers: { 'X-Org-Key': key } })).status;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-settings-'));
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('Settings console (threatmatic serve)', () => {
  let key = '';

  it('creates an API key with scopes and shows it once, with a copy button', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Settings' }).click();
    expect(page.url()).toContain('#/settings');
    await page.getByLabel('Name', { exact: true }).fill('claude-desktop');
    await page.getByRole('checkbox', { name: 'policy:read' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByTestId('new-key');
    await expect.poll(() => shown.isVisible(), { timeout: 10_000 }).toBe(true);
    key = (await shown.textContent()) ?? '';
    expect(key).toMatch(/^tm_/);
    expect(await page.getByRole('button', { name: 'Copy the new API key' }).isVisible()).toBe(true);
    const row = page.getByRole('row', { name: /claude-desktop/ });
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row.textContent()).toContain('read, policy:read');
    expect(await row.textContent()).not.toContain(key);
    expect(await restStatus(key)).toBe(200);
    await page.screenshot({ path: join(resultsDir, 'settings-key-created.png'), fullPage: true });
  });

  it('does not show the key again after a reload', async () => {
    await page.reload();
    const row = page.getByRole('row', { name: /claude-desktop/ });
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('new-key').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(key);
  });

  it('revokes the key from the screen: gone from the list, refused by the REST door, audited', async () => {
    await page.getByRole('button', { name: 'Revoke claude-desktop' }).click();
    await expect.poll(() => page.getByRole('row', { name: /claude-desktop/ }).count(), { timeout: 10_000 }).toBe(0);
    expect(await restStatus(key)).toBe(401);
    const audit = await callOp<{ entries: { action: string; outcome: string }[] }>(served, 'audit.list', { action: 'keys.revoke' });
    expect(audit.entries.map((e) => e.outcome)).toContain('ok');
  });

  it('shows MCP snippets with this server\'s URL and the data folder serve uses', async () => {
    const vscode = await page.getByLabel('VS Code configuration', { exact: true }).textContent();
    expect(JSON.parse(vscode!)).toEqual({ servers: { threatmatic: { type: 'http', url: `http://127.0.0.1:${served.port}/mcp`, headers: { Authorization: 'Bearer <API key from above>' } } } });
    expect(JSON.parse((await page.getByLabel('Claude Desktop configuration', { exact: true }).textContent())!).mcpServers.threatmatic.env.THREATMATIC_DATA_DIR).toBe(dataDir);
    expect(await page.getByTestId('data-dir').textContent()).toContain(dataDir);
  });

  it('adds an enforcement endpoint (a short secret is refused, naming the field, with nothing saved) and saves score weights', async () => {
    await page.getByLabel('URL', { exact: true }).fill('https://firewall.example/hooks/threatmatic');
    await page.getByLabel('Signing secret (16 characters or more)').fill('short');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'secret' });
    await expect.poll(() => refusal.isVisible(), { timeout: 10_000 }).toBe(true);
    expect((await callOp<{ endpoints: unknown[] }>(served, 'enforcement.endpoints', {})).endpoints).toEqual([]);
    await page.getByLabel('Signing secret (16 characters or more)').fill('a-long-enough-signing-secret');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => page.getByRole('row', { name: /firewall\.example/ }).isVisible(), { timeout: 10_000 }).toBe(true);

    await page.getByLabel('Threat (default 15)').fill('25');
    await page.getByLabel('Identity (default 30)').fill('20');
    await page.getByRole('button', { name: 'Save weights' }).click();
    await expect.poll(async () => (await callOp<{ weights: Record<string, number> }>(served, 'posture.weights', {})).weights, { timeout: 10_000 }).toEqual({ identity: 20, behavior: 30, policy: 25, threat: 25 });
    await page.screenshot({ path: join(resultsDir, 'settings.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
