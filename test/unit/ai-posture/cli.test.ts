// `threatmatic ai posture|agent|brief|weights|tool-legs` in process: the trifecta agent from the registry shows
// up in the posture, its card names a tool per leg, the brief names it, and bad weights are refused.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';

async function cli(dir: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  const code = await runCli([...args, '--data-dir', dir], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('threatmatic ai', () => {
  it('shows the AI posture, an agent card with its trifecta, the brief, and sets weights and tool legs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-ai-'));
    const reg = await cli(dir, 'assets', 'register', 'agent', 'mailer', '--owner', 'ops', '--tools', 'fs/read_file,web/fetch_page,gmail/send_email', '--json');
    const id = (JSON.parse(reg.out) as { asset: { id: string } }).asset.id;

    const posture = await cli(dir, 'ai', 'posture');
    expect(posture.code).toBe(0);
    expect(posture.out).toContain('not assessed');
    expect(posture.out).toContain(`Lethal trifecta: mailer (${id})`);

    const card = await cli(dir, 'ai', 'agent', id);
    expect(card.out).toContain('LETHAL TRIFECTA');
    expect(card.out).toMatch(/ability to communicate externally\s+yes\s+gmail\/send_email/);

    const brief = await cli(dir, 'ai', 'brief');
    expect(brief.out).toContain('mailer');

    const bad = await cli(dir, 'ai', 'weights', '--agent', '50', '--mcp', '50', '--shadow', '25');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('must sum to 100');
    expect((await cli(dir, 'ai', 'weights', '--agent', '50', '--mcp', '25', '--shadow', '25')).out).toContain('agent 50, mcp 25, shadow 25');

    expect((await cli(dir, 'ai', 'tool-legs', 'gmail/send_email', '--none', '--reason', 'internal relay')).code).toBe(0);
    expect((await cli(dir, 'ai', 'agent', id)).out).toContain('No lethal trifecta');
  });
});

describe('threatmatic ai gaps', () => {
  it('lists the trifecta agent\'s uncovered tools, covers them with one policy, and then reports full coverage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-ai-gaps-'));
    const reg = await cli(dir, 'assets', 'register', 'agent', 'mailer', '--owner', 'ops', '--tools', 'fs/read_file,web/fetch_page,gmail/send_email', '--json');
    const id = (JSON.parse(reg.out) as { asset: { id: string } }).asset.id;
    const gaps = await cli(dir, 'ai', 'gaps');
    expect(gaps.code).toBe(0);
    expect(gaps.out).toContain('0% (0 of 3 high-risk pairs covered); 3 gaps');
    expect(gaps.out).toMatch(/1\s+critical\s+mailer\s+gmail\/send_email\s+external_comms\s+block/);
    const card = await cli(dir, 'ai', 'agent', id);
    expect(card.out).toMatch(/gmail\/send_email\s+external_comms\s+high\s+allow\s+no rule \(gap\)/);
    const cover = await cli(dir, 'ai', 'gaps', '--cover', '--name', 'mailer guard rails');
    expect(cover.code).toBe(0);
    expect(cover.out).toMatch(/Created pol_\w+ "mailer guard rails" covering 3 pairs/);
    expect((await cli(dir, 'ai', 'gaps')).out).toContain('100% (3 of 3 high-risk pairs covered); 0 gaps');
    const evaluate = await cli(dir, 'policy', 'evaluate', 'tool:gmail/send_email', '--agent', id);
    expect(evaluate.out + evaluate.err).toContain('block');
    const suggest = await cli(dir, 'ai', 'weights', '--suggest');
    expect(suggest.out).toContain('mcp: 0: No MCP servers in use');
  });
});
