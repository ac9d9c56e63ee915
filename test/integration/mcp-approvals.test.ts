// Human approval end to end: an agent whose key needs approval calls a destructive tool and gets
// pending_approval (nothing runs); the analyst lists and approves with the CLI, the action then runs
// as the agent; a rejected request never runs. Read tools are never held.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src-main/cli/run-cli';
import { toolCatalog } from '../../src-main/doors/mcp/tool-catalog';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { seedFixtureInventory } from './http-fixtures';
import { connectHttp, createKey, snapshotTables, startHttpMcp, type HttpMcp } from './mcp-harness';

const HAS_ISOLATE = toolCatalog().has('isolate_device');
let dir: string;
let engine: Engine;
let http: HttpMcp;
let client: Client;
let keyId: string;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tm-mcp-approvals-'));
  engine = Engine.open({ dataDir: dir, log: silentLogger });
  seedFixtureInventory(engine);
  http = await startHttpMcp(engine);
  const made = createKey(engine, { name: 'careful-agent', scopes: 'read,device:isolate', require_approval: true, approval_ttl_seconds: 900 });
  keyId = made.keyId;
  client = await connectHttp(http.url, made.key, 'careful-agent');
});
afterAll(async () => {
  await client.close();
  await http.close();
  engine.close();
});

describe('approval over MCP', () => {
  it('never holds read tools', async () => {
    const r = await client.callTool({ name: 'get_device_posture', arguments: { device_id: 'ws-eng-114' } });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ device_id: 'ws-eng-114' });
  });

  it.skipIf(!HAS_ISOLATE)('holds isolate_device as pending_approval, and runs it as the agent once the analyst approves', async () => {
    const tools = (await client.listTools()).tools;
    expect(tools.find((t) => t.name === 'isolate_device')?.outputSchema).toHaveProperty('anyOf');
    const before = snapshotTables(engine, ['audit_log', 'approvals']);
    const r = await client.callTool({ name: 'isolate_device', arguments: { device_id: 'ws-eng-114', reason: 'lateral movement to 14 hosts' } });
    expect(r.isError).toBeFalsy();
    const pending = r.structuredContent as { status: string; approval_id: string; expires_at: string };
    expect(pending).toMatchObject({ status: 'pending_approval', approval_id: expect.stringMatching(/^apr_/) });
    expect(Date.parse(pending.expires_at)).toBeGreaterThan(Date.now() + 800_000);
    expect(snapshotTables(engine, ['audit_log', 'approvals'])).toEqual(before);
    const held = engine.db.prepare("SELECT outcome, detail FROM audit_log WHERE actor_id = ? AND action = 'policy.isolateDevice'").get(keyId) as { outcome: string; detail: string };
    expect(held.outcome).toBe('pending');
    expect(JSON.parse(held.detail)).toMatchObject({ approval_id: pending.approval_id });

    const listed = io();
    expect(await runCli(['approvals', 'list', '--data-dir', dir], listed.value)).toBe(0);
    expect(listed.out()).toContain(pending.approval_id);
    expect(listed.out()).toContain('policy.isolateDevice');
    expect(listed.out()).toContain('careful-agent');

    const approved = io();
    expect(await runCli(['approvals', 'approve', pending.approval_id, '--reason', 'confirmed with the desk', '--data-dir', dir, '--json'], approved.value)).toBe(0);
    const decided = JSON.parse(approved.out()) as { status: string; result: { status: string; device_id: string }; decided_by: { type: string } };
    expect(decided).toMatchObject({ status: 'approved', result: { device_id: 'ws-eng-114', status: 'isolated' }, decided_by: { type: 'cli' } });
    const rows = engine.db.prepare("SELECT actor_type, actor_id, actor_name, action, outcome FROM audit_log WHERE action IN ('policy.isolateDevice', 'approvals.approve') ORDER BY seq").all() as { actor_type: string; actor_id: string; actor_name: string; action: string; outcome: string }[];
    expect(rows.map((x) => [x.actor_type, x.action, x.outcome])).toEqual([['mcp_agent', 'policy.isolateDevice', 'pending'], ['mcp_agent', 'policy.isolateDevice', 'ok'], ['cli', 'approvals.approve', 'ok']]);
    expect(rows[1]).toMatchObject({ actor_id: keyId, actor_name: 'careful-agent' });
  });

  it.skipIf(!HAS_ISOLATE)('never runs a rejected request', async () => {
    const r = await client.callTool({ name: 'isolate_device', arguments: { device_id: 'lt-sales-07' } });
    const { approval_id } = r.structuredContent as { approval_id: string };
    const before = snapshotTables(engine, ['audit_log', 'approvals']);
    const rejected = io();
    expect(await runCli(['approvals', 'reject', approval_id, '--reason', 'false alarm', '--data-dir', dir], rejected.value)).toBe(0);
    expect(rejected.out()).toContain('Rejected: policy.isolateDevice');
    expect(snapshotTables(engine, ['audit_log', 'approvals'])).toEqual(before);
    const again = io();
    expect(await runCli(['approvals', 'approve', approval_id, '--data-dir', dir], again.value)).toBe(2);
    expect(again.err()).toContain(`approval '${approval_id}' was already rejected`);
  });
});
