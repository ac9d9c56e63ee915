// The AI assets screen end to end: `threatmatic serve` on an empty data dir, driven in Chromium. An agent
// registered by another process (the CLI) appears without a reload; an agent reporting through the REST
// door with an SDK key shows its calls in the drawer; retiring it from the drawer is kept and audited.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliOk, callOp, launchChromium, openPage, resultsDir, serveConsole, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const cli = (...args: string[]) => JSON.parse(cliOk(dataDir, args)) as Record<string, any>;

async function rest(method: string, path: string, key: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${served.port}${path}`, { method, headers: { 'X-Org-Key': key, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (await res.json()) as Record<string, any>;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-assets-'));
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await openPage(browser, pageErrors);
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('AI assets console (threatmatic serve)', () => {
  it('says how agents get there when there are none', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'AI assets' }).click();
    await expect.poll(() => page.getByText('No AI assets yet').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(page.url()).toContain('#/assets');
  });

  it('shows an agent registered by another process without a reload, and its reported calls in the drawer', async () => {
    cli('assets', 'register', 'mcp_server', 'filesystem', '--transport', 'stdio', '--command', 'npx -y @modelcontextprotocol/server-filesystem /srv');
    await expect.poll(() => page.getByRole('cell', { name: /filesystem/ }).first().isVisible(), { timeout: 15_000 }).toBe(true);

    const { key } = cli('keys', 'create', '--name', 'support-bot-sdk', '--scopes', 'assets:write');
    const { asset } = await rest('POST', '/api/v1/assets', key as string, { kind: 'agent', name: 'support-bot', owner: 'cx-team', framework: 'langchain', models: ['gpt-4o'] });
    await rest('POST', `/api/v1/agents/${asset.id}/events`, key as string, {
      events: [
        { type: 'run_start', run_id: 'r1' },
        { type: 'llm_call', run_id: 'r1', model: 'gpt-4o', input_tokens: 900, output_tokens: 120 },
        { type: 'tool_call', run_id: 'r1', server: 'crm', tool: 'lookup_customer', outcome: 'ok', duration_ms: 42 },
        { type: 'tool_call', run_id: 'r1', server: 'mail', tool: 'send_email', outcome: 'blocked' },
        { type: 'run_stop', run_id: 'r1' },
      ],
    });
    const row = page.getByRole('row', { name: /support-bot/ });
    await expect.poll(() => row.isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await row.textContent()).toContain('Active');
    await row.click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByText('crm/lookup_customer').first().isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await drawer.textContent()).toContain('2, 0 errors, 1 blocked');
    expect(await drawer.textContent()).toContain('900 tokens in, 120 out');
    await page.screenshot({ path: join(resultsDir, 'assets-drawer.png') });
  });

  it('retires the agent from the drawer: kept, marked retired, audited under the analyst', async () => {
    const drawer = page.getByRole('dialog');
    await drawer.getByLabel('Retire: reason').fill('replaced by support-bot-2');
    await drawer.getByRole('button', { name: 'Retire' }).click();
    await expect.poll(() => drawer.getByText('replaced by support-bot-2').isVisible(), { timeout: 10_000 }).toBe(true);
    const list = await callOp<{ assets: { name: string; status: string }[] }>(served, 'assets.list', { status: 'retired' });
    expect(list.assets.map((a) => a.name)).toEqual(['support-bot']);
    const audit = await callOp<{ entries: { action: string; source: string }[] }>(served, 'audit.list', { action: 'assets.retire' });
    expect(audit.entries.map((e) => [e.action, e.source])).toEqual([['assets.retire', 'analyst']]);
    expect(pageErrors).toEqual([]);
  });
});
