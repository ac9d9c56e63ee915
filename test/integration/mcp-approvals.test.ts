// Human approval end to end: an agent whose key needs approval calls a tool that changes containment or
// access and gets pending_approval (nothing runs), from all ten such tools (the nine and set_management_path); the analyst lists and
// approves with the CLI, the action then runs as the agent; a rejected request never runs. Read tools
// are never held.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src-main/cli/run-cli';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { seedFixtureInventory } from './http-fixtures';
import { connectHttp, createKey, snapshotTables, startHttpMcp, type HttpMcp } from './mcp-harness';

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
  engine = Engine.open({ dataDir: dir, log: testLogger });
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

  it('holds isolate_device as pending_approval, and runs it as the agent once the analyst approves', async () => {
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

  it('never runs a rejected request', async () => {
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

describe('approval covers every change of containment or access', () => {
  const analyst = { actor: { type: 'analyst' as const, id: 'sam' } };
  const decision = (identity_type: 'device' | 'user', identity_id: string, destination: string) =>
    dispatch(engine, 'policy.evaluateAccess', { identity_type, identity_id, destination }, analyst).decision;
  let guarded: Client;
  let incidentId: string;

  beforeAll(async () => {
    const made = createKey(engine, { name: 'guarded-agent', scopes: 'read,policy:read,policy:write,device:isolate,user:suspend,destination:block,incident:manage', require_approval: true, approval_ttl_seconds: 900 });
    guarded = await connectHttp(http.url, made.key, 'guarded-agent');
    // What an analyst already contained: a fleet-wide block, a suspended user, and a camera isolated during an incident.
    dispatch(engine, 'policy.blockDestination', { destination: 'cloud-update-c625.online', reason: 'C2 domain' }, analyst);
    dispatch(engine, 'policy.suspendUser', { user_id: 'bob', reason: 'phished' }, analyst);
    incidentId = engine.anomalies.get(engine.anomalies.report({
      entity_type: 'device', entity_id: 'cam-dock-02', type: 'lateral_movement_attempt', severity: 'critical', confidence: 0.95, detected_at: Date.now() - 60_000,
      description: 'Device attempting connections to 3 internal hosts not in its baseline', recommended_action: 'isolate', observed_destinations: ['10.10.2.114', '10.0.0.10', '10.0.0.2'], evidence: {},
    }).anomaly.id)!.incident_id!;
    dispatch(engine, 'policy.isolateDevice', { device_id: 'cam-dock-02', reason: `incident ${incidentId}` }, analyst);
    // Settle the posture rescoring those events queued, so the snapshot below sees only what the agent's calls do.
    engine.events.deliver();
    engine.posture.flush();
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('answers pending_approval from all ten state-changing tools, tells the agent so in tools/list, and changes nothing', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['isolate_device', { device_id: 'hvac-roof-01', reason: 'beaconing' }],
      ['release_device', { device_id: 'cam-dock-02', reason: 'reimaged' }],
      ['block_destination', { destination: '203.0.113.144', reason: 'C2 address' }],
      ['allow_destination', { destination: 'cloud-update-c625.online', scope: 'device', scope_id: 'srv-db-01', reason: 'vendor says it is theirs' }],
      ['suspend_user', { user_id: 'alice', reason: 'impossible travel' }],
      ['restore_user', { user_id: 'bob', reason: 'password reset' }],
      ['create_policy', { name: 'cameras off the internet', rules: [{ identity_type: 'device', identity_id: 'cam-lobby-01', action: 'block', destination: '0.0.0.0/0' }] }],
      ['update_policy', { policy_id: 'pol_suspend_bob', enabled: false, reason: 'back at work' }],
      ['close_incident', { incident_id: incidentId, resolution: 'camera reflashed', release_quarantined_devices: true }],
      ['set_management_path', { scope: 'device', scope_id: 'cam-dock-02', destinations: ['10.0.0.2'], reason: 'let it reach the NVR' }],
    ];
    const listed = new Map((await guarded.listTools()).tools.map((t) => [t.name, t]));
    const before = snapshotTables(engine, ['audit_log', 'approvals']);
    const pendingBefore = engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE outcome = 'pending'").pluck().get() as number;
    for (const [name, args] of calls) {
      expect(listed.get(name)?.annotations?.destructiveHint, name).toBe(true);
      expect(listed.get(name)?.outputSchema, name).toHaveProperty('anyOf');
      const r = await guarded.callTool({ name, arguments: args });
      expect(r.isError, `${name}: ${JSON.stringify(r.content)}`).toBeFalsy();
      expect(r.structuredContent, name).toMatchObject({ status: 'pending_approval', approval_id: expect.stringMatching(/^apr_/) });
    }
    expect(snapshotTables(engine, ['audit_log', 'approvals'])).toEqual(before);
    expect(decision('device', 'cam-dock-02', 'example.com')).toBe('isolate');
    expect(decision('device', 'srv-db-01', 'cloud-update-c625.online')).toBe('block');
    expect(engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE outcome = 'pending'").pluck().get()).toBe(pendingBefore + calls.length);
    const held = dispatch(engine, 'approvals.list', { limit: 100 }, analyst).approvals.filter((a) => a.requester.name === 'guarded-agent');
    expect(held.map((a) => a.operation).sort()).toEqual(['incidents.close', 'policy.allowDestination', 'policy.blockDestination', 'policy.create', 'policy.isolateDevice', 'policy.releaseDevice', 'policy.restoreUser', 'policy.setManagementPath', 'policy.suspendUser', 'policy.update']);
  });

  it('applies a held release, exception and incident close only once the analyst approves, as the agent', async () => {
    const held = new Map(dispatch(engine, 'approvals.list', { limit: 100 }, analyst).approvals.filter((a) => a.requester.name === 'guarded-agent').map((a) => [a.operation, a.approval_id]));
    const approve = async (op: string) => {
      const out = io();
      expect(await runCli(['approvals', 'approve', held.get(op)!, '--reason', 'checked', '--data-dir', dir, '--json'], out.value)).toBe(0);
      return JSON.parse(out.out()) as { status: string; result: Record<string, unknown> };
    };
    expect(await approve('policy.allowDestination')).toMatchObject({ status: 'approved', result: { status: 'allowed', scope_id: 'srv-db-01' } });
    expect(decision('device', 'srv-db-01', 'cloud-update-c625.online')).toBe('allow');
    expect(decision('device', 'lt-sales-07', 'cloud-update-c625.online')).toBe('block');
    expect(await approve('policy.restoreUser')).toMatchObject({ status: 'approved', result: { status: 'restored' } });
    expect(await approve('incidents.close')).toMatchObject({ status: 'approved', result: { status: 'closed' } });
    expect(decision('device', 'cam-dock-02', 'example.com')).toBe('allow');
    const ran = engine.db.prepare("SELECT action, actor_type, actor_name FROM audit_log WHERE action IN ('policy.allowDestination', 'policy.restoreUser', 'incident.close') AND outcome = 'ok' ORDER BY seq").all();
    expect(ran).toEqual([
      { action: 'policy.allowDestination', actor_type: 'mcp_agent', actor_name: 'guarded-agent' },
      { action: 'policy.restoreUser', actor_type: 'mcp_agent', actor_name: 'guarded-agent' },
      { action: 'incident.close', actor_type: 'mcp_agent', actor_name: 'guarded-agent' },
    ]);
  });
});
