// The AI posture screen end to end: `threatmatic serve` on an empty data dir, driven in Chromium. An agent
// with tools that read files, fetch web pages and send email, registered by the CLI, shows up with the
// lethal trifecta badge and in the brief; MCP and Shadow AI say "Not assessed" rather than a number.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, launchChromium, repoRoot, serveConsole, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-ai-posture-'));
  served = await serveConsole(dataDir, ['--no-demo']);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 120_000);

afterAll(() => tearDown(browser, served, dataDir));

describe('AI posture console (threatmatic serve)', () => {
  it('shows the trifecta agent, the brief naming it, and the dimensions without data as not assessed', async () => {
    const r = spawnSync(process.execPath, [builtCli(), 'assets', 'register', 'agent', 'inbox-assistant', '--owner', 'ops', '--tools', 'fs/read_file,web/fetch_page,gmail/send_email', '--data-dir', dataDir, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    await page.goto(served.url);
    await page.getByRole('link', { name: 'AI posture' }).click();
    await expect.poll(() => page.getByTestId('ai-brief').textContent(), { timeout: 15_000 }).toContain('inbox-assistant');
    expect(await page.getByTestId('ai-agent-card').first().textContent()).toContain('Lethal trifecta');
    expect(await page.getByTestId('ai-dim-mcp').textContent()).toContain('Not assessed');
    expect(await page.getByTestId('ai-dim-shadow').textContent()).toContain('Not assessed');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
