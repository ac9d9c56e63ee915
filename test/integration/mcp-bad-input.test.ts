// Bad input through the real MCP client, over both transports: wrong types, missing fields, oversized
// strings, unknown ids, control characters and injection-looking text. Each call gets a tool error that
// names the field or id, the server keeps serving, every table is unchanged, and each refusal is audited once.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { auditCount, builtCli, closeMcpFixture, openMcpFixture, type McpFixture, connectHttp, connectStdio, createKey, snapshotTables, text, type HttpMcp } from './mcp-harness';

type Case = [tool: string, args: Record<string, unknown>, message: RegExp];
const DROP = "'; DROP TABLE devices; --";
const SCRIPT = '<script>alert(1)</script>';

const CASES: Case[] = [
  // Wrong types
  ['get_device_posture', { device_id: 123 }, /invalid_input: device_id: .*expected string/],
  ['list_devices', { limit: -5 }, /invalid_input: limit/],
  ['list_devices', { device_type: 'toaster' }, /invalid_input: device_type/],
  ['list_anomalies', { severity: 'urgent' }, /invalid_input: severity/],
  ['get_threat_context', { indicator: ['185.234.47.21'] }, /invalid_input: indicator/],
  ['close_incident', { incident_id: 'inc_x', release_quarantined_devices: 'yes' }, /invalid_input: release_quarantined_devices/],
  ['read_events', { cursor: 'latest' }, /invalid_input: cursor/],
  // Missing fields
  ['get_device_posture', {}, /invalid_input: device_id/],
  ['get_user_posture', {}, /invalid_input: user_id/],
  ['close_incident', { resolution: 'done' }, /invalid_input: incident_id/],
  // Oversized strings
  ['get_device_posture', { device_id: 'a'.repeat(10_000) }, /invalid_input: device_id: .*200/],
  ['get_threat_context', { indicator: `${'x'.repeat(100_000)}.example` }, /invalid_input: indicator: .*2048/],
  ['close_incident', { incident_id: 'inc_x', resolution: 'r'.repeat(50_000) }, /invalid_input: resolution/],
  // Unknown ids
  ['get_device_posture', { device_id: 'dev_ghost' }, /not_found: unknown device 'dev_ghost'/],
  ['get_user_posture', { user_id: 'ghost@acme.example' }, /not_found: .*ghost@acme\.example/],
  ['get_workload_posture', { workload_id: 'wl-ghost' }, /not_found: .*wl-ghost/],
  ['get_incident', { incident_id: 'inc_ghost' }, /not_found: .*inc_ghost/],
  // Control characters and injection-looking text
  ['get_device_posture', { device_id: 'cam-lobby-01\u0000' }, /not_found: unknown device/],
  ['get_device_posture', { device_id: "' OR '1'='1" }, /not_found: unknown device '' OR '1'='1'/],
  ['get_device_posture', { device_id: SCRIPT }, /not_found: unknown device '<script>/],
  ['close_incident', { incident_id: 'inc_ghost', resolution: DROP }, /not_found: .*inc_ghost/],
  ['close_incident', { incident_id: `inc_${DROP}`, resolution: `${SCRIPT}\u0007\r\n\u001b[31m` }, /not_found: .*DROP TABLE/],
];

// The policy tools, refused the same way.
const POLICY_CASES: Case[] = [
  ['isolate_device', { device_id: 'cam-lobby-01', notify: 'true' }, /invalid_input: notify/],
  ['isolate_device', {}, /invalid_input: device_id/],
  ['isolate_device', { device_id: 'cam-lobby-01', reason: 'r'.repeat(100_000) }, /invalid_input: reason/],
  ['isolate_device', { device_id: 'dev_ghost', reason: SCRIPT }, /not_found: .*dev_ghost/],
  ['isolate_device', { device_id: "cam\u0007lobby\r\n-01", reason: DROP }, /not_found: .*cam/],
  ['release_device', { device_id: 'dev_ghost', reason: DROP }, /dev_ghost/],
  ['block_destination', { destination: '185.234.0.0/16', scope: 'planet' }, /invalid_input: scope/],
  ['block_destination', { destination: 'evil.example', expires_at: 'tomorrow' }, /expires_at/],
  ['block_destination', { destination: DROP }, /destination/],
  ['allow_destination', { destination: 'evil.example' }, /invalid_input: scope_id/],
  ['suspend_user', { user_id: 'nobody', reason: DROP }, /not_found: .*nobody/],
  ['create_policy', { name: 'p', rules: 'block everything' }, /invalid_input: rules/],
  ['create_policy', { name: 'p' }, /invalid_input: rules/],
  ['update_policy', { policy_id: 'pol_ghost', enabled: false, reason: SCRIPT }, /not_found: .*pol_ghost/],
];

const cases = [...CASES, ...POLICY_CASES];

let fx: McpFixture | undefined;
let dir: string;
let engine: Engine;
let http: HttpMcp;
let open: Client[];

beforeAll(async () => {
  fx = await openMcpFixture('tm-mcp-bad-');
  ({ dir, engine, http, open } = fx);
});
afterAll(() => closeMcpFixture(fx));

describe.each(['http', 'stdio'] as const)('bad input over %s', (transport) => {

  it('answers each bad call with a tool error naming what was wrong, changes nothing, and audits each refusal once', async () => {
    const { key, keyId } = createKey(engine, { name: `fuzz-${transport}`, scopes: 'admin' });
    const client = transport === 'http' ? await connectHttp(http.url, key, 'fuzzer') : (await connectStdio(dir, key, 'fuzzer')).client;
    open.push(client);
    // Warm up once so posture bookkeeping a first read may write is not mistaken for a change.
    await client.callTool({ name: 'get_fleet_posture', arguments: {} });
    const before = snapshotTables(engine);
    const auditBefore = auditCount(engine);
    for (const [tool, args, message] of cases) {
      const r = await client.callTool({ name: tool, arguments: args });
      expect(r.isError, `${tool} ${JSON.stringify(args).slice(0, 80)}`).toBe(true);
      expect(r.structuredContent).toBeUndefined();
      expect(text(r), tool).toMatch(message);
      expect(text(r)).not.toMatch(/SQLITE|at .*\.ts:\d+|node_modules/);
    }
    expect(snapshotTables(engine)).toEqual(before);
    const refusals = engine.db.prepare('SELECT outcome, params FROM audit_log WHERE seq > ? AND actor_id = ? ORDER BY seq').all(auditBefore, keyId) as { outcome: string; params: string }[];
    expect(refusals).toHaveLength(cases.length);
    expect(refusals.every((r) => r.outcome === 'error')).toBe(true);
    // Hostile text is kept verbatim (as data) in the record; an oversized one is kept as its head.
    expect(refusals.some((r) => JSON.parse(r.params).resolution === DROP)).toBe(true);
    expect(auditCount(engine) - auditBefore).toBe(cases.length);
    // Still serving.
    expect((await client.callTool({ name: 'get_device_posture', arguments: { device_id: 'cam-lobby-01' } })).isError).toBeFalsy();
  });
});

describe('hostile text in a valid call', () => {
  it('is stored as text, verbatim, and every table survives', async () => {
    const { key, keyId } = createKey(engine, { name: 'hostile', scopes: 'admin' });
    const client = await connectHttp(http.url, key, 'hostile');
    open.push(client);
    const reason = `${DROP} ${SCRIPT} \u0000\u0007\u001b[2J`;
    const r = await client.callTool({ name: 'isolate_device', arguments: { device_id: 'prn-fin-03', reason } });
    expect(r.isError).toBeFalsy();
    const tables = engine.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['devices', 'audit_log', 'api_keys', 'approvals']));
    expect(engine.inventory.listDevices({ limit: 100, offset: 0 }).total).toBe(12);
    const params = engine.db.prepare('SELECT params FROM audit_log WHERE actor_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(keyId) as string;
    expect(JSON.parse(params).reason).toBe(reason);
  });
});

describe('malformed protocol traffic', () => {
  it('answers invalid JSON over HTTP with 400 and a JSON-RPC parse error (-32700), a non-message with -32600, and keeps the session working', async () => {
    const { key, keyId } = createKey(engine, { name: 'raw', scopes: 'read' });
    const client = await connectHttp(http.url, key, 'raw');
    open.push(client);
    const sid = (client.transport as { sessionId?: string }).sessionId!;
    const send = (body: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: http.port, method: 'POST', path: '/mcp', headers: { Host: `127.0.0.1:${http.port}`, Authorization: `Bearer ${key}`, 'Mcp-Session-Id': sid, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    const broken = await send('{"jsonrpc": "2.0", "id": 9, "method": "tools/call", "params": {');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error: request body is not valid JSON/) } });
    const notAMessage = await send('{"jsonrpc": "2.0", "id": 10, "params": {}}');
    expect(notAMessage.status).toBe(400);
    expect(JSON.parse(notAMessage.body)).toMatchObject({ jsonrpc: '2.0', id: 10, error: { code: -32600, message: expect.stringMatching(/^Invalid Request: .*"method"/) } });
    const rows = engine.db.prepare('SELECT action, outcome, detail FROM audit_log WHERE actor_id = ? ORDER BY seq').all(keyId) as { action: string; outcome: string; detail: string }[];
    expect(rows.map((r) => [r.action, r.outcome, JSON.parse(r.detail).code])).toEqual([['mcp.request', 'error', -32700], ['mcp.request', 'error', -32600]]);
    expect((await client.callTool({ name: 'get_fleet_posture', arguments: {} })).isError).toBeFalsy();
  });

  it('ignores garbage lines on stdio and keeps answering', async () => {
    const { key } = createKey(engine, { name: 'raw-stdio', scopes: 'read' });
    const child = spawn(process.execPath, [builtCli(), 'mcp', '--data-dir', dir], { env: { PATH: process.env.PATH ?? '', THREATMATIC_API_KEY: key }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stdin.write('this is not json\n{"jsonrpc":"2.0"}\n\u0000\u0001\n');
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } })}\n`);
    for (let waited = 0; !out.includes('"id":1') && waited < 15_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const lines = out.trim().split('\n');
    // Only protocol messages on stdout, and the server is alive to answer.
    expect(lines.every((l) => JSON.parse(l).jsonrpc === '2.0')).toBe(true);
    expect(out).toContain('"serverInfo":{"name":"threatmatic"');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
