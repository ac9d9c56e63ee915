// MCP over Streamable HTTP at /mcp: Bearer API keys on every request, DNS-rebinding protection (Host and
// Origin), sessions bound to their key, closed on DELETE, on idle timeout and at the session cap, and many
// concurrent sessions each attributed to its own agent.
import { request } from 'node:http';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { seedFixtureInventory } from './http-fixtures';
import { connectHttp, createKey, initializeRequest, rawMcp, startHttpMcp, until, type HttpMcp } from './mcp-harness';

let engine: Engine;
let http: HttpMcp;
let key: string;

beforeAll(async () => {
  engine = Engine.open({ dbPath: ':memory:', log: testLogger });
  seedFixtureInventory(engine);
  http = await startHttpMcp(engine);
  ({ key } = createKey(engine, { name: 'http-agent', scopes: 'read' }));
});
afterAll(async () => {
  await http.close();
  engine.close();
});

const post = (body: unknown, headers: Record<string, string>, port = http.port, method = 'POST') => rawMcp(port, body, headers, method);
const initialize = initializeRequest();

describe('MCP over HTTP', () => {
  it('wants a valid Bearer API key on every request', async () => {
    for (const auth of [undefined, 'Bearer tm_wrong', `Basic ${key}`, `Bearer ${key.slice(0, -2)}`]) {
      const r = await post(initialize, auth ? { Authorization: auth } : {});
      expect(r.status, String(auth)).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Bearer realm="threatmatic-mcp"');
      expect(JSON.parse(r.body).error.message).toMatch(/missing, unknown or revoked API key/);
    }
    const ok = await post(initialize, { Authorization: `Bearer ${key}` });
    expect(ok.status).toBe(200);
    expect(ok.headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.body).toContain('"name":"threatmatic"');
  });

  it('refuses foreign Host and Origin headers (DNS rebinding), even with a valid key', async () => {
    const auth = { Authorization: `Bearer ${key}` };
    const evilHost = await post(initialize, { ...auth, Host: `evil.example:${http.port}` });
    expect(evilHost.status).toBe(403);
    expect(evilHost.body).toContain('DNS-rebinding');
    const evilOrigin = await post(initialize, { ...auth, Origin: 'http://evil.example' });
    expect(evilOrigin.status).toBe(403);
    const ownOrigin = await post(initialize, { ...auth, Origin: `http://127.0.0.1:${http.port}` });
    expect(ownOrigin.status).toBe(200);
  });

  it('binds a session to its key, refuses unknown sessions, and requires initialize first', async () => {
    const init = await post(initialize, { Authorization: `Bearer ${key}` });
    const sid = init.headers['mcp-session-id'] as string;
    const other = createKey(engine, { name: 'other', scopes: 'admin' });
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    const stolen = await post(list, { Authorization: `Bearer ${other.key}`, 'Mcp-Session-Id': sid, 'Mcp-Protocol-Version': '2025-06-18' });
    expect(stolen.status).toBe(403);
    expect(stolen.body).toContain('belongs to another API key');
    const unknown = await post(list, { Authorization: `Bearer ${key}`, 'Mcp-Session-Id': '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    const noSession = await post(list, { Authorization: `Bearer ${key}` });
    expect(noSession.status).toBe(400);
    expect(noSession.body).toContain('the first request must be initialize');
    const get = await post(undefined, { Authorization: `Bearer ${key}` }, http.port, 'GET');
    expect(get.status).toBe(400);
    const wrongPath = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: http.port, method: 'POST', path: '/mcp/extra', headers: { Host: `127.0.0.1:${http.port}`, Authorization: `Bearer ${key}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).end();
    });
    expect(wrongPath).toBe(404);
  });

  it('closes a session on DELETE and frees it', async () => {
    const before = http.door.sessionCount();
    const client = await connectHttp(http.url, key, 'short-lived');
    expect(http.door.sessionCount()).toBe(before + 1);
    const transport = client.transport as unknown as { terminateSession(): Promise<void> };
    await transport.terminateSession();
    expect(http.door.sessionCount()).toBe(before);
    await client.close();
  });

  it('serves 50 concurrent sessions (five keys, ten each), each call attributed to its own agent name', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => createKey(engine, { name: `fleet-agent-${i}`, scopes: 'read' }));
    const clients = await Promise.all(Array.from({ length: 50 }, (_, i) => connectHttp(http.url, keys[i % 5].key, `agent-${i}`)));
    const results = await Promise.all(clients.map((c) => c.callTool({ name: 'get_device_posture', arguments: { device_id: 'srv-db-01' } })));
    expect(results.every((r) => !r.isError && (r.structuredContent as { device_id: string }).device_id === 'srv-db-01')).toBe(true);
    const rows = engine.db.prepare(`SELECT actor_id, actor_name FROM audit_log WHERE action = 'posture.device' AND actor_name LIKE 'agent-%' AND actor_id IN (${keys.map(() => '?').join(',')})`).all(...keys.map((k) => k.keyId)) as { actor_id: string; actor_name: string }[];
    expect(new Set(rows.map((r) => r.actor_name)).size).toBe(50);
    // Each agent's call is under the key it connected with.
    expect(rows.every((r) => r.actor_id === keys[Number(r.actor_name.slice('agent-'.length)) % 5].keyId)).toBe(true);
    await Promise.all(clients.map((c) => c.close()));
  });
});

describe('MCP HTTP session limits', () => {
  // Its own engine on a ManualClock: idle time and the sweeper's period are advanced, never waited for.
  const clock = new ManualClock(Date.UTC(2026, 4, 21, 9));
  let small: HttpMcp;
  let limited: Engine;
  let key: string;
  const clients: Client[] = [];
  beforeAll(async () => {
    limited = Engine.open({ dbPath: ':memory:', log: testLogger, clock });
    seedFixtureInventory(limited);
    ({ key } = createKey(limited, { name: 'http-agent', scopes: 'read' }));
    small = await startHttpMcp(limited, { idleTimeoutMs: 200, maxSessions: 2 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    await small.close();
    limited.close();
  });

  it('refuses sessions over the cap while all are in use, and closes idle ones so the next request must start again', async () => {
    clients.push(await connectHttp(small.url, key, 'a'), await connectHttp(small.url, key, 'b'));
    // Both clients listen on their GET stream, so neither session is abandoned and none can be taken.
    await until(() => small.door.sessions().every((s) => s.streams > 0), 'both clients listen');
    const refused = await post(initialize, { Authorization: `Bearer ${key}` }, small.port);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('5');
    // The sweeper runs every second (at least) and closes both once idle for 200 ms: not before its period.
    clock.advance(999);
    expect(small.door.sessionCount()).toBe(2);
    clock.advance(1);
    await until(() => small.door.sessionCount() === 0, 'both idle sessions closed');
    await expect(clients[0].callTool({ name: 'get_fleet_posture', arguments: {} })).rejects.toThrow(/Session not found/);
    clients.push(await connectHttp(small.url, key, 'c'));
    expect(small.door.sessionCount()).toBe(1);
  });
});
