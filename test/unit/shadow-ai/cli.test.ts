// `threatmatic shadow-ai list|show|approve|review` on a data dir that ingested a Squid access log with real
// AI hostnames: the table marks unregistered services with !, show names the users, approve makes the
// service LOW, review lists the unknown one and classifies it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn } from '../../support/cli-io';

const SQUID = join(__dirname, '../../fixtures/shadow-ai/squid-access.log');

describe('threatmatic shadow-ai', () => {
  it('lists, shows, approves and reviews', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shadow-cli-'));
    expect((await cliIn(dir, 'ingest', SQUID)).code).toBe(0);
    const list = await cliIn(dir, 'shadow-ai', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/!\s+openai\s+ChatGPT \/ OpenAI\s+MEDIUM\s+2\b/);
    expect(list.out).toMatch(/!\s+unknown:zorblax-assist\.ai\s+zorblax-assist\.ai\s+HIGH/);
    expect(list.out).toMatch(/1 waiting in the review queue/);
    const show = await cliIn(dir, 'shadow-ai', 'show', 'anthropic');
    expect(show.out).toMatch(/users: bob/);
    expect(show.out).toMatch(/risk MEDIUM: Unregistered but known consumer AI service/);
    const approve = await cliIn(dir, 'shadow-ai', 'approve', 'openai', '--owner', 'it@example.com', '--data-classes', 'email');
    expect(approve.out).toMatch(/openai: approved, risk LOW/);
    expect((await cliIn(dir, 'shadow-ai', 'list', '--unregistered', '--json')).out).not.toMatch(/"id": ?"openai"/);
    expect((await cliIn(dir, 'shadow-ai', 'review')).out).toMatch(/zorblax-assist\.ai\s+chat\.zorblax-assist\.ai\s+registered under \.ai/);
    const classify = await cliIn(dir, 'shadow-ai', 'review', 'zorblax-assist.ai', '--classify', '--name', 'Zorblax');
    expect(classify.out).toMatch(/zorblax-assist\.ai: classified as analyst-zorblax-assist\.ai/);
    expect((await cliIn(dir, 'shadow-ai', 'list')).out).toMatch(/!\s+analyst-zorblax-assist\.ai\s+Zorblax\s+MEDIUM/);
    expect((await cliIn(dir, 'shadow-ai', 'review', 'x.ai')).code).not.toBe(0);
    const copilot = await cliIn(dir, 'shadow-ai', 'import-copilot', join(__dirname, '../../fixtures/shadow-ai/m365-audit.csv'));
    expect(copilot.out).toMatch(/3 Copilot interactions by 2 users imported \(appchat 1, bizchat 1, Excel 1\); 1 other records skipped of 4/);
  });
});
