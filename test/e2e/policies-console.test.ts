// The policies screen end to end on a small simulated fleet: a policy with a bad CIDR is refused with the
// error under its field and nothing saved; the what-if shows the draft deciding before it is saved; the
// saved policy has a URL (#/policies/<id>) that a new tab opens without asking for the token again, back
// goes where it should, an edit makes version 2 whose diff shows the rule replaced, and columns sort. While
// a draft is typed, the editor's live preview counts and names who it affects (one device, another, every
// device), a bad CIDR is marked under its field before saving, and nothing is saved or audited as a write.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, callOp, launchChromium, repoRoot, resultsDir, serveConsole, seriousAxeViolations, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
let deviceId: string;
let policyId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-policies-'));
  const sim = spawnSync(process.execPath, [builtCli(), 'simulate', '--devices', '20', '--hours', '6', '--seed', '9', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  expect(sim.status, sim.stderr).toBe(0);
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  // One context, so a second tab shares this one's origin (as a new tab of the same browser does).
  page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // The refused create is answered 400, which Chromium logs as a console error.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) pageErrors.push(m.text());
  });
  const devices = await callOp<{ devices: { device_id: string }[] }>(served, 'inventory.listDevices', { limit: 1 });
  deviceId = devices.devices[0].device_id;
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('policies console', () => {
  it('refuses a bad CIDR under its field, saving nothing, and shows the what-if of the draft', async () => {
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Policies' }).click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#/policies');
    await page.getByRole('button', { name: 'New policy' }).click();
    const form = page.getByRole('form', { name: 'New policy' });
    await form.getByLabel('Name', { exact: true }).fill('Block test net on one device');
    const rule = form.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('Identity id').fill(deviceId);
    await rule.getByLabel('Destination').fill('10.0.0.0/33');
    await form.getByRole('button', { name: 'Create policy' }).click();
    const err = rule.locator('[id="rules[0].destination-error"]');
    await expect.poll(() => err.textContent(), { timeout: 10_000 }).toMatch(/rules\[0\]\.destination .*10\.0\.0\.0\/33/);
    expect(await rule.getByLabel('Destination').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousAxeViolations(page, 'policy editor with an error')).toEqual([]);
    expect((await callOp<{ total: number }>(served, 'policy.list', { kind: 'custom' })).total).toBe(0);

    await rule.getByLabel('Destination').fill('203.0.113.0/24');
    expect(await err.count()).toBe(0);
    const whatIf = form.getByRole('region', { name: /What if/ });
    await whatIf.getByLabel('Identity id').fill(deviceId);
    await whatIf.getByLabel('Destination').fill('203.0.113.9');
    await whatIf.getByRole('button', { name: 'Evaluate' }).click();
    const result = page.getByTestId('what-if-result');
    await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/Now\s*Allow.*With this draft\s*Block.*changes the decision/);
    await page.screenshot({ path: join(resultsDir, 'policies-editor.png') });
    expect((await callOp<{ total: number }>(served, 'policy.list', { kind: 'custom' })).total).toBe(0);

    await form.getByRole('button', { name: 'Create policy' }).click();
    await expect.poll(() => page.evaluate<string>('location.hash'), { timeout: 10_000 }).toMatch(/^#\/policies\/pol_/);
    policyId = decodeURIComponent((await page.evaluate<string>('location.hash')).split('/')[2]);
    const listed = await callOp<{ policies: { policy_id: string; version: number }[] }>(served, 'policy.list', { kind: 'custom' });
    expect(listed.policies.map((p) => [p.policy_id, p.version])).toEqual([[policyId, 1]]);
  });

  it('opens the policy from its URL in a new tab without asking for the token, and back closes it', async () => {
    const tab = await page.context().newPage();
    await tab.goto(`http://127.0.0.1:${served.port}/#/policies/${encodeURIComponent(policyId)}`);
    const dialog = tab.getByRole('dialog', { name: 'Block test net on one device' });
    await expect.poll(() => dialog.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await tab.getByText('Console token needed').count()).toBe(0);
    await tab.close();

    await page.getByRole('button', { name: 'Close details' }).click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe('#/policies');
    await page.goBack();
    await expect.poll(() => page.getByRole('dialog', { name: 'Block test net on one device' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await page.goBack();
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 10_000 }).toBe(0);
    await page.goForward();
    await expect.poll(() => page.getByRole('dialog').count(), { timeout: 10_000 }).toBe(1);
  });

  it('edits the rules into version 2 and shows the diff; the policy columns sort', async () => {
    await page.getByRole('button', { name: 'Edit rules' }).click();
    const form = page.getByRole('form', { name: 'Edit policy' });
    await form.getByRole('group', { name: 'Rule 1' }).getByLabel('Action').selectOption('monitor');
    await form.getByLabel(/^Reason/).fill('watch before blocking');
    await form.getByRole('button', { name: 'Save new version' }).click();
    const diff = page.getByTestId('policy-diff');
    await expect.poll(() => diff.textContent(), { timeout: 10_000 }).toContain(`Removed rule: block device ${deviceId} → 203.0.113.0/24`);
    expect(await diff.textContent()).toContain(`Added rule: monitor device ${deviceId} → 203.0.113.0/24`);
    expect(await page.getByRole('dialog').textContent()).toContain('watch before blocking');
    await page.screenshot({ path: join(resultsDir, 'policies-history.png') });
    expect(await seriousAxeViolations(page, 'policy drawer with history')).toEqual([]);
    await page.keyboard.press('Escape');

    await callOp(served, 'policy.blockDestination', { destination: '198.51.100.0/24', reason: 'e2e' });
    const header = page.getByRole('columnheader', { name: /Policy/ });
    await expect.poll(() => page.locator('table.data-table tbody tr').count(), { timeout: 10_000 }).toBe(2);
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const names = () => page.locator('table.data-table tbody tr .primary').allTextContents();
    const asc = await names();
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b)));
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect(await names()).toEqual([...asc].reverse());
    expect(pageErrors).toEqual([]);
  });

  it('previews live who a draft affects as its selector changes, saving nothing', async () => {
    const devices = await callOp<{ devices: { device_id: string; name: string | null }[]; total: number }>(served, 'inventory.listDevices', { limit: 500 });
    const [a, b] = devices.devices.filter((d) => d.name && d.name !== d.device_id).sort((x, y) => x.device_id.localeCompare(y.device_id));
    const policiesBefore = await callOp<{ policies: { policy_id: string; version: number }[] }>(served, 'policy.list', { limit: 100 });
    const auditHead = (await callOp<{ entries: { seq: number }[] }>(served, 'audit.list', { limit: 1 })).entries[0].seq;

    await page.getByRole('button', { name: 'New policy' }).click();
    const form = page.getByRole('form', { name: 'New policy' });
    const preview = form.getByRole('region', { name: 'Who this draft affects' });
    const summary = preview.getByTestId('draft-preview-summary');
    expect(await summary.textContent()).toMatch(/Say who or what a rule addresses/);
    const rule = form.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('Destination').fill('203.0.113.0/24');
    await rule.getByLabel('Identity id').fill(a.device_id);
    await expect.poll(() => preview.getByRole('link', { name: a.name! }).count(), { timeout: 10_000 }).toBe(1);
    expect(await summary.textContent()).toMatch(/^Affects 1 device\b/);
    expect(await preview.getByRole('link', { name: b.name! }).count()).toBe(0);

    await rule.getByLabel('Identity id').fill(b.device_id);
    await expect.poll(() => preview.getByRole('link', { name: b.name! }).count(), { timeout: 10_000 }).toBe(1);
    expect(await preview.getByRole('link', { name: a.name! }).count()).toBe(0);

    await rule.getByLabel('Identity id').fill('');
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`^Affects ${devices.total} devices\\b`));
    expect(await preview.getByText(`and ${devices.total - 8} more`).isVisible()).toBe(true);
    expect(await preview.textContent()).toContain('203.0.113.0/24');
    await page.screenshot({ path: join(resultsDir, 'policies-preview.png') });
    for (const theme of ['dark', 'light'] as const) {
      await page.evaluate(`document.documentElement.setAttribute('data-theme', '${theme}')`);
      expect(await seriousAxeViolations(page, `${theme}: policy editor with the draft preview`)).toEqual([]);
    }
    await page.evaluate("document.documentElement.removeAttribute('data-theme')");

    // A bad CIDR is marked under its field as it is typed, without pressing Create; the preview says why it stopped.
    await rule.getByLabel('Destination').fill('10.0.0.0/33');
    const err = rule.locator('[id="rules[0].destination-error"]');
    await expect.poll(() => err.textContent(), { timeout: 10_000 }).toMatch(/10\.0\.0\.0\/33/);
    expect(await summary.textContent()).toMatch(/Fix the marked field/);

    // Keyboard: back to a good draft, Tab onto the named device and Enter opens it.
    await rule.getByLabel('Destination').fill('203.0.113.0/24');
    await rule.getByLabel('Identity id').fill(a.device_id);
    const link = preview.getByRole('link', { name: a.name! });
    await expect.poll(() => link.count(), { timeout: 10_000 }).toBe(1);
    expect(await err.count()).toBe(0);
    await rule.getByRole('button', { name: 'Remove rule 1' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await link.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    expect(await callOp(served, 'policy.list', { limit: 100 })).toMatchObject({ policies: policiesBefore.policies });
    const since = await callOp<{ entries: { seq: number; action: string }[] }>(served, 'audit.list', { limit: 100 });
    expect(since.entries.filter((e) => e.seq > auditHead && /^policy\.(create|update)/.test(e.action))).toEqual([]);

    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate<string>('location.hash'), { timeout: 10_000 }).toBe(`#/devices/${encodeURIComponent(a.device_id)}`);
    expect(pageErrors).toEqual([]);
  });
});
