// The MCP door through the real SDK Client over both transports (stdio: a spawned `threatmatic mcp`;
// HTTP: the console server with /mcp in this process): handshake, tools per key scope, results as
// structuredContent + JSON text, refusals as tool errors, every call audited with the key and agent name,
// revocation effective on the next call, and the stdio start-up refusals.
import { spawnSync } from 'node:child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from '@shared/contract/index';
import { toolsForKey } from '../../src-main/doors/mcp/tool-catalog';
import { Engine } from '../../src-main/engine/engine';
import { builtCli, closeMcpFixture, openMcpFixture, type McpFixture, connectHttp, connectStdio, createKey, text, type HttpMcp } from './mcp-harness';

type Transport = 'http' | 'stdio';
let fx: McpFixture | undefined;
let dir: string;
let engine: Engine;
let http: HttpMcp;
let open: Client[];

beforeAll(async () => {
  fx = await openMcpFixture('tm-mcp-transports-');
  ({ dir, engine, http, open } = fx);
});
afterAll(() => closeMcpFixture(fx));

async function connect(transport: Transport, key: string, name: string): Promise<Client> {
  const client = transport === 'http' ? await connectHttp(http.url, key, name) : (await connectStdio(dir, key, name)).client;
  open.push(client);
  return client;
}

type Row = { actor_type: string; actor_id: string; actor_name: string | null; action: string; params: string; outcome: string; detail: string | null };
const auditOf = (keyId: string) => engine.db.prepare('SELECT actor_type, actor_id, actor_name, action, params, outcome, detail FROM audit_log WHERE actor_id = ? ORDER BY seq').all(keyId) as Row[];

describe.each<Transport>(['http', 'stdio'])('MCP over %s', (transport) => {

  it('initializes as threatmatic with tools and logging, lists only the tools a read key may call, and answers structuredContent + JSON text', async () => {
    const { key, keyId } = createKey(engine, { name: `reader-${transport}`, scopes: 'read' });
    const client = await connect(transport, key, `claude-desktop-${transport}`);
    expect(client.getServerVersion()).toMatchObject({ name: 'threatmatic' });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {}, logging: {} });
    expect(client.getInstructions()).toContain('audit log');

    const listed = (await client.listTools()).tools;
    expect(listed.map((t) => t.name)).toEqual(toolsForKey({ scopes: ['read'], require_approval: false }).map((t) => t.name));
    expect(listed.every((t) => t.annotations?.readOnlyHint === true && t.annotations.openWorldHint === false)).toBe(true);
    const posture = listed.find((t) => t.name === 'get_device_posture')!;
    expect(posture).toMatchObject({ description: 'Get the security posture of a specific device.', inputSchema: { required: ['device_id'] } });

    const r = await client.callTool({ name: 'get_device_posture', arguments: { device_id: 'cam-dock-02' } });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ device_id: 'cam-dock-02', device_type: 'ip_camera', firmware_status: 'eol', trust_level: 'untrusted' });
    expect(JSON.parse(text(r))).toEqual(r.structuredContent);
    expect(r.structuredContent).toEqual(operations['posture.device'].output.parse(engine.posture.device('cam-dock-02')));

    const rows = auditOf(keyId).filter((a) => a.actor_type === 'mcp_agent');
    expect(rows).toEqual([{ actor_type: 'mcp_agent', actor_id: keyId, actor_name: `claude-desktop-${transport}`, action: 'posture.device', params: '{"device_id":"cam-dock-02"}', outcome: 'ok', detail: null }]);
  });

  it('refuses calls outside the scopes, bad input and unknown ids as tool errors naming the scope, field or id, each audited once', async () => {
    const { key, keyId } = createKey(engine, { name: `limited-${transport}`, scopes: 'read' });
    const client = await connect(transport, key, 'cursor');
    const cases: [string, Record<string, unknown>, RegExp, string][] = [
      ['get_audit_log', {}, /needs scope 'admin'; this API key has: read/, 'denied'],
      ['get_device_posture', {}, /invalid_input: device_id: .*expected string/, 'error'],
      ['get_device_posture', { device_id: 'dev_does_not_exist' }, /not_found: unknown device 'dev_does_not_exist'/, 'error'],
      ['get_threat_context', { indicator: 'x'.repeat(3000) }, /invalid_input: indicator: .*2048/, 'error'],
      ['list_devices', { limit: 'ten' }, /invalid_input: limit/, 'error'],
    ];
    for (const [name, args, message] of cases) {
      const r = await client.callTool({ name, arguments: args });
      expect(r.isError, name).toBe(true);
      expect(text(r), name).toMatch(message);
    }
    // An unknown tool is a protocol error in the MCP spec (-32602), not a tool result; it is audited the same.
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/Unknown tool: no_such_tool; tools\/list shows/) });
    const rows = auditOf(keyId);
    expect(rows.map((a) => [a.action, a.outcome])).toEqual([...cases.map(([name, , , outcome]) => [Object.values(operations).find((o) => 'mcp' in o && o.mcp?.tool === name)!.name, outcome]), ['mcp.no_such_tool', 'error']]);
    expect(rows.every((a) => a.actor_type === 'mcp_agent' && a.actor_name === 'cursor')).toBe(true);
  });

  it('shows an admin key every tool and lets it read the audit log with filters', async () => {
    const { key, keyId } = createKey(engine, { name: `admin-${transport}`, scopes: 'admin' });
    const client = await connect(transport, key, 'inspector');
    expect((await client.listTools()).tools).toHaveLength(toolsForKey({ scopes: ['admin'], require_approval: false }).length);
    await client.callTool({ name: 'get_fleet_posture', arguments: {} });
    const r = await client.callTool({ name: 'get_audit_log', arguments: { actor: keyId, limit: 10 } });
    expect(r.isError).toBeFalsy();
    const entries = (r.structuredContent as { entries: { action: string; source: string; actor_name: string; outcome: string }[] }).entries;
    // Newest first; the get_audit_log call itself is recorded after it answers.
    expect(entries.map((e) => [e.action, e.source, e.actor_name, e.outcome])).toEqual([['posture.fleet', 'mcp_agent', 'inspector', 'ok']]);
    const since = await client.callTool({ name: 'get_audit_log', arguments: { since: 'yesterday' } });
    expect(text(since)).toMatch(/invalid_input: since: must be an ISO 8601 timestamp/);
  });

  it('stops a revoked key on its very next call', async () => {
    const { key, keyId } = createKey(engine, { name: `revoked-${transport}`, scopes: 'read' });
    const client = await connect(transport, key, 'agent');
    expect((await client.callTool({ name: 'get_fleet_posture', arguments: {} })).isError).toBeFalsy();
    engine.keys.revoke(keyId, { type: 'analyst', id: 'alice' });
    if (transport === 'http') {
      // Every HTTP request carries the key: the next one is refused before it reaches the session.
      await expect(client.callTool({ name: 'get_fleet_posture', arguments: {} })).rejects.toThrow(/401|revoked API key/);
    } else {
      const r = await client.callTool({ name: 'get_fleet_posture', arguments: {} });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/forbidden: the API key key_\w+ was revoked at /);
      expect(auditOf(keyId).at(-1)).toMatchObject({ action: 'posture.fleet', outcome: 'denied' });
      await expect(client.listTools()).rejects.toThrow(/revoked/);
      expect(auditOf(keyId).at(-1)).toMatchObject({ action: 'mcp.tools/list', outcome: 'denied' });
    }
  });
});

describe('threatmatic mcp start-up', () => {
  it('refuses to start without a valid key: exit 2, a clear message on stderr, nothing on stdout', () => {
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [builtCli(), 'mcp', '--data-dir', dir], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', input: '' });
    const none = run({});
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/THREATMATIC_API_KEY is not set/);
    const wrong = run({ THREATMATIC_API_KEY: 'tm_notARealKey0000000000000000000000000000000' });
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/THREATMATIC_API_KEY is not a valid key for .*unknown or revoked/);
  });
});
