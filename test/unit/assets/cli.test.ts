// `threatmatic assets …` in process: register, list, show and retire through the contract, with clear
// refusals (exit 2) for what is wrong.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliIn as cli } from '../../support/cli-io';


describe('threatmatic assets', () => {
  it('registers, lists, shows and retires, with JSON output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-assets-'));
    const reg = await cli(dir, 'assets', 'register', 'agent', 'support-bot', '--owner', 'cx@example.com', '--models', 'gpt-4o,claude-sonnet-4', '--tools', 'crm/lookup', '--tools', 'mail/send', '--json');
    expect(reg.code).toBe(0);
    const { asset, created } = JSON.parse(reg.out) as { asset: { id: string; models: string[]; tools: string[] }; created: boolean };
    expect(created).toBe(true);
    expect(asset.models).toEqual(['gpt-4o', 'claude-sonnet-4']);
    expect(asset.tools).toEqual(['crm/lookup', 'mail/send']);
    expect((await cli(dir, 'assets', 'register', 'mcp_server', 'filesystem', '--transport', 'stdio', '--command', 'npx -y @modelcontextprotocol/server-filesystem /srv')).code).toBe(0);

    const list = await cli(dir, 'assets', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toContain('support-bot');
    expect(list.out).toContain('filesystem');
    expect(list.out).toContain('2 of 2 assets');

    const show = await cli(dir, 'assets', 'show', asset.id);
    expect(show.out).toContain('cx@example.com');
    expect(show.out).toContain('last 24 h: 0 runs');

    expect((await cli(dir, 'assets', 'retire', asset.id)).code).toBe(2);
    const retired = await cli(dir, 'assets', 'retire', asset.id, '--reason', 'replaced');
    expect(retired.code).toBe(0);
    expect(retired.out).toContain('retired (replaced)');
    const active = JSON.parse((await cli(dir, 'assets', 'list', '--status', 'retired', '--json')).out) as { assets: { name: string }[] };
    expect(active.assets.map((a) => a.name)).toEqual(['support-bot']);
  });

  it('names a bad value and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-assets-'));
    const bad = await cli(dir, 'assets', 'register', 'robot', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('kind');
  });
});

describe('threatmatic ai anomalies', () => {
  it('lists AI findings and triages one with a reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-ai-anomalies-'));
    const { Engine } = await import('../../../src-main/engine/engine');
    const engine = Engine.open({ dataDir: dir });
    const { anomaly } = engine.aiAnomalies.report({ subject_kind: 'mcp_server', subject_id: 'mcp_x', subject_name: 'weather', type: 'mcp_rug_pull', severity: 'high', confidence: 0.95, description: 'Tool add changed after approval', recommended_action: 'Review the diff', evidence: {} });
    engine.close();
    const list = await cli(dir, 'ai', 'anomalies');
    expect(list.out).toContain('mcp_rug_pull');
    expect(list.out).toContain('1 of 1 AI anomalies');
    expect((await cli(dir, 'ai', 'anomaly-status', anomaly.id, 'resolved')).code).toBe(2);
    const ok = await cli(dir, 'ai', 'anomaly-status', anomaly.id, 'resolved', '--reason', 'pin re-approved');
    expect(ok.out).toContain('resolved (pin re-approved)');
    expect(JSON.parse((await cli(dir, 'ai', 'anomalies', '--json')).out)).toMatchObject({ anomalies: [], total: 0 });
  });
});
