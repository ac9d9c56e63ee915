// The approvals inbox end to end: an agent key created with `keys create --require-approval` asks to isolate
// a device over REST /api/v1 and is answered 202; the console's navigation counts it, the inbox shows what
// was asked with which key, and approving it (with a note) runs the isolation as that agent.
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
let deviceId: string;
let agentKey: { key: string; key_id: string };
let approvalId: string;
const pageErrors: string[] = [];

function op<T>(name: string, input: unknown): Promise<T> {
  return callOp<T>(served, name, input);
}

const cli = (args: string[]): string => cliOk(dataDir, args);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-approvals-'));
  cli(['simulate', '--devices', '20', '--hours', '24', '--seed', '3']);
  // Made before serve starts: the CLI and the server then never wait on each other's write lock.
  agentKey = JSON.parse(cli(['keys', 'create', '--name', 'soc-agent', '--scopes', 'read,device:isolate', '--require-approval'])) as { key: string; key_id: string };
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await openPage(browser, pageErrors);
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('approvals inbox (threatmatic serve, an agent key that needs approval)', () => {
  it('holds an agent isolate sent over REST with 202 and counts it in the navigation', async () => {
    await page.goto(served.url);
    await expect.poll(() => page.getByRole('link', { name: 'Approvals' }).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.getByTestId('approvals-count').count()).toBe(0);
    const devices = await op<{ devices: { device_id: string }[] }>('inventory.listDevices', { limit: 1 });
    deviceId = devices.devices[0].device_id;
    const res = await fetch(`http://127.0.0.1:${served.port}/api/v1/devices/${encodeURIComponent(deviceId)}/isolate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${agentKey.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: 'agent: suspicious fan-out' }),
    });
    expect(res.status).toBe(202);
    approvalId = ((await res.json()) as { approval_id: string }).approval_id;
    // Nothing ran yet.
    expect((await op<{ policies: unknown[] }>('policy.list', { identity_id: deviceId, kind: 'isolation', status: 'active' })).policies).toEqual([]);
    const count = page.getByTestId('approvals-count');
    await expect.poll(() => count.count(), { timeout: 15_000 }).toBe(1);
    expect(await count.textContent()).toBe('1');
  });

  it('shows what the agent asked, with its key and reason, and approves it with a note', async () => {
    await page.getByRole('link', { name: /^Approvals/ }).click();
    const card = page.getByTestId('approval');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    const text = (await card.textContent())!;
    expect(text).toContain('policy.isolateDevice');
    expect(text).toContain(agentKey.key_id);
    expect(text).toContain(deviceId);
    expect(text).toContain('agent: suspicious fan-out');
    await page.screenshot({ path: join(resultsDir, 'approvals-console.png') });
    await card.getByLabel('Note (recorded in the audit log)').fill('e2e: confirmed by the analyst');
    await card.getByRole('button', { name: `Approve policy.isolateDevice ${approvalId}` }).click();
    // The pending list empties and the badge goes.
    await expect.poll(() => page.getByText('Nothing waits for approval').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('approvals-count').count(), { timeout: 10_000 }).toBe(0);
    const decided = await op<{ approvals: { approval_id: string; status: string; reason: string }[] }>('approvals.list', { status: 'all' });
    expect(decided.approvals.find((a) => a.approval_id === approvalId)).toMatchObject({ status: 'approved', reason: 'e2e: confirmed by the analyst' });
    const isolation = await op<{ policies: { kind: string }[] }>('policy.list', { identity_id: deviceId, kind: 'isolation', status: 'active' });
    expect(isolation.policies).toHaveLength(1);
    // The approved call is shown with what it reported.
    await page.getByRole('combobox', { name: 'Status' }).selectOption('approved');
    await expect.poll(() => page.getByTestId('approval').getByTestId('blast-radius').textContent(), { timeout: 10_000 }).toContain('Blast radius: 1 device');
    expect(pageErrors).toEqual([]);
  });
});
