// The AI posture screen end to end: `threatmatic serve` on an empty data dir, driven in Chromium. An agent
// with tools that read files, fetch web pages and send email, registered by the CLI, shows up with the
// lethal trifecta badge and in the brief; MCP and Shadow AI say "Not assessed" rather than a number. Its gaps
// are covered with one click (the enforcement card then says 100%); its page names a tool per trifecta leg
// and shows the tool map with the policy that now decides; Settings shows the AI weights and the suggestion.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { builtCli, openConsole, repoRoot, type Served, tearDown } from './console-helpers';

let dataDir: string;
let served: Served;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'threatmatic-e2e-ai-posture-'));
  ({ served, browser, page } = await openConsole(dataDir, ['--no-demo'], pageErrors));
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

  it('covers the gaps with one click, opens the agent page with its risk profile and tool map, and shows the AI weights in Settings', async () => {
    await expect.poll(() => page.getByTestId('ai-gaps-summary').textContent(), { timeout: 15_000 }).toContain('0 of 3 high-risk agent-tool pairs');
    await page.getByRole('button', { name: /Cover 3 gaps with a policy/ }).click();
    await expect.poll(() => page.getByTestId('ai-gaps-summary').textContent(), { timeout: 15_000 }).toContain('100% covered');
    await page.getByRole('button', { name: 'Open agent inbox-assistant' }).click();
    await expect.poll(() => page.getByTestId('ai-leg-external_comms').textContent(), { timeout: 15_000 }).toContain('gmail/send_email');
    expect(await page.getByTestId('ai-leg-private_data').textContent()).toContain('fs/read_file');
    expect(await page.getByTestId('ai-leg-untrusted_content').textContent()).toContain('web/fetch_page');
    const map = await page.getByTestId('ai-tool-map').textContent();
    expect(map).toContain('covered');
    expect(map).toMatch(/gmail\/send_email.*Block.*pol_/);
    expect(await page.getByTestId('ai-agent-card-detail').textContent()).toContain('Rules 3');
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.getByTestId('ai-weights-suggested').textContent(), { timeout: 15_000 }).toContain('No MCP servers in use');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
