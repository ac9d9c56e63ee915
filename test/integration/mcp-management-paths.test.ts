// The management-path tools over MCP (the real SDK client, Streamable HTTP): set_management_path refuses a
// destination threat intel rates malicious with the reason and changes nothing, sets a device type's path
// under the key's identity, get_management_paths resolves what isolate_device then applies, and a key
// without policy:write cannot set one.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeMcpFixture, connectHttp, createKey, openMcpFixture, snapshotTables, text, type McpFixture } from './mcp-harness';

let f: McpFixture;
let client: Client;
let keyId: string;

beforeAll(async () => {
  f = await openMcpFixture('tm-mcp-paths-');
  f.engine.intel.importIndicators([{ value: '185.234.47.21', reputation: 'malicious', categories: ['c2_server'], threat_actors: [] }], { feed: 'c2', format: 'test', actor: { type: 'cli', id: 'test' } });
  const k = createKey(f.engine, { name: 'soc-agent', scopes: 'policy:read,policy:write,device:isolate' });
  keyId = k.keyId;
  client = await connectHttp(f.http.url, k.key, 'soc-agent');
  f.open.push(client);
});
afterAll(() => closeMcpFixture(f));

describe('management-path tools over MCP', () => {
  it('refuses a malicious destination with the reason and changes nothing', async () => {
    const before = snapshotTables(f.engine);
    const r = await client.callTool({ name: 'set_management_path', arguments: { scope: 'device_type', scope_id: 'laptop', destinations: ['10.0.0.53', '185.234.47.21'] } });
    expect(r.isError).toBe(true);
    expect(text(r)).toContain("destinations[1]: '185.234.47.21' cannot be on a management path: rated malicious by threat intel");
    expect(snapshotTables(f.engine)).toEqual(before);
  });

  it('sets a device type\'s path, resolves it for a device, and isolate_device applies and reports it', async () => {
    const set = await client.callTool({ name: 'set_management_path', arguments: { scope: 'device_type', scope_id: 'laptop', destinations: ['10.0.0.53'], reason: 'MDM' } });
    expect(set.structuredContent).toEqual({ scope: 'device_type', scope_id: 'laptop', destinations: ['10.0.0.53'], changed: true });
    const got = (await client.callTool({ name: 'get_management_paths', arguments: { device_id: 'lt-sales-07' } })).structuredContent as { paths: { updated_by: unknown }[]; effective: unknown };
    expect(got.paths[0].updated_by).toEqual({ type: 'mcp_agent', id: keyId, name: 'soc-agent' });
    expect(got.effective).toEqual({ device_id: 'lt-sales-07', device_type: 'laptop', source: 'device_type', destinations: ['10.0.0.53'], enforcement_point: [], dropped: [] });
    const iso = (await client.callTool({ name: 'isolate_device', arguments: { device_id: 'lt-sales-07', reason: 'test' } })).structuredContent;
    expect(iso).toMatchObject({ status: 'isolated', management_path: ['10.0.0.53'], management_path_source: 'device_type', management_path_dropped: [], blast_radius: { devices: 1 } });
    const row = f.engine.db.prepare("SELECT actor_type, actor_id, actor_name, outcome FROM audit_log WHERE action = 'policy.setManagementPath' ORDER BY seq DESC LIMIT 1").get();
    expect(row).toEqual({ actor_type: 'mcp_agent', actor_id: keyId, actor_name: 'soc-agent', outcome: 'ok' });
  });

  it('lists get_management_paths to a policy:read key and keeps set_management_path from it', async () => {
    const k = createKey(f.engine, { name: 'reader', scopes: 'policy:read' });
    const reader = await connectHttp(f.http.url, k.key, 'reader');
    f.open.push(reader);
    const names = (await reader.listTools()).tools.map((t) => t.name);
    expect(names).toContain('get_management_paths');
    expect(names).not.toContain('set_management_path');
    const r = await reader.callTool({ name: 'set_management_path', arguments: { scope: 'fleet', destinations: ['10.0.0.1'] } });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/policy:write/);
  });
});
