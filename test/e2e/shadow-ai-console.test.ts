// The Shadow AI panel end to end: `threatmatic serve` on a data dir, a Squid access log with real AI
// hostnames ingested by the CLI, driven in Chromium. ChatGPT and Claude are listed with ! and MEDIUM, the
// unknown .ai service waits in the review queue; opening ChatGPT shows its users; Approve makes it LOW
// and raises the Shadow AI score, and it is listed with the AI assets; Block on Claude blocks its domains
// through block_destination.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, callOp, openConsole, repoRoot, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-shadow-ai-'));
  ({ served, browser, page } = await openConsole(dataDir, ['--no-demo'], pageErrors));
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('Shadow AI console (threatmatic serve)', () => {
  it('lists services with !, the review queue, users per service; approve makes one LOW, block blocks another', async () => {
    const r = spawnSync(process.execPath, [builtCli(), 'ingest', join(repoRoot, 'test/fixtures/shadow-ai/squid-access.log'), '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    await page.goto(served.url);
    await page.getByRole('link', { name: 'Shadow AI' }).click();
    const row = (name: string) => page.getByRole('row').filter({ hasText: name });
    await expect.poll(() => row('ChatGPT').textContent(), { timeout: 15_000 }).toMatch(/^!ChatGPT.*MEDIUM/);
    expect(await row('Claude').textContent()).toMatch(/^!Claude.*MEDIUM/);
    expect(await page.getByTestId('shadow-review-item').textContent()).toContain('zorblax-assist.ai');
    const before = Number(await page.getByTestId('shadow-score').locator('.shadow-score').textContent());

    await row('ChatGPT').click();
    await expect.poll(() => page.getByTestId('shadow-users').textContent()).toBe('alice, dave');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => page.getByTestId('shadow-risk-reason').textContent()).toMatch(/Registered and approved/);
    await expect.poll(async () => Number(await page.getByTestId('shadow-score').locator('.shadow-score').textContent())).toBeGreaterThan(before);
    expect(await row('ChatGPT').first().textContent()).toMatch(/^ChatGPT.*LOW/);
    await page.getByRole('button', { name: 'Close' }).click();

    await row('Claude').click();
    await page.getByRole('button', { name: /^Block Claude/ }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Blocked' }).textContent()).toMatch(/Blocked \d+ destinations/);
    const policies = await callOp<{ policies: { name: string }[] }>(served, 'policy.list', {});
    expect(JSON.stringify(policies)).toContain('claude.ai');
    await page.getByRole('button', { name: 'Close' }).click();

    // The approved service is listed with the AI assets (the spec's Settings → Assets).
    await page.getByRole('link', { name: 'AI assets' }).click();
    await expect.poll(() => page.getByTestId('approved-ai-service').textContent()).toMatch(/LOW.*ChatGPT/);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
