// Fair MCP sessions over HTTP: one key (a read-only one) cannot take the sessions every other key needs,
// a key at its cap gets a JSON-RPC error naming the cap while its sessions are in use and has its own
// abandoned sessions replaced otherwise, and every refusal at the HTTP layer (unknown, revoked key on an
// open session, another key's session, the cap, a foreign Host/Origin) leaves an audit entry under the
// key that made it. Real SDK clients over HTTP, plus raw requests for what a client would never send.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { DEFAULT_SESSION_LIMITS } from '../../src-main/doors/mcp/session-limits';
import { seedFixtureInventory } from './http-fixtures';
import { connectHttp, createKey, initializeRequest, rawMcp, startHttpMcp, until, type HttpMcp } from './mcp-harness';

let engine: Engine;
const doors: HttpMcp[] = [];
const clients: Client[] = [];

beforeAll(() => {
  engine = Engine.open({ dbPath: ':memory:', log: testLogger });
  seedFixtureInventory(engine);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(doors.splice(0).map((d) => d.close()));
});
afterAll(() => engine.close());

async function door(opts: Parameters<typeof startHttpMcp>[1] = {}): Promise<HttpMcp> {
  const d = await startHttpMcp(engine, opts);
  doors.push(d);
  return d;
}

async function client(d: HttpMcp, key: string, name: string): Promise<Client> {
  const c = await connectHttp(d.url, key, name);
  clients.push(c);
  return c;
}

interface Row { actor_type: string; actor_id: string; actor_name: string | null; action: string; outcome: string; params: string; detail: string | null }
const auditSince = (seq: number) => engine.db.prepare('SELECT actor_type, actor_id, actor_name, action, outcome, params, detail FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as Row[];
const head = () => engine.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_log').pluck().get() as number;
const detail = (r: Row | undefined) => JSON.parse(r?.detail ?? 'null') as Record<string, unknown>;

describe('per-key session cap', () => {
  it('a read-only key opening sessions without end never locks out another key (default limits)', async () => {
    const d = await door();
    const reader = createKey(engine, { name: 'greedy-reader', scopes: 'read' });
    // More initializes than the whole server holds; none of them is closed or listened to.
    const statuses = new Set<number>();
    for (let i = 0; i < DEFAULT_SESSION_LIMITS.maxSessions + 20; i++) statuses.add((await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${reader.key}` })).status);
    // Refused at its cap while its sessions are fresh (or given an abandoned one's place): never more.
    expect([...statuses].every((st) => st === 200 || st === 429)).toBe(true);
    expect(statuses.has(429)).toBe(true);
    expect(d.door.sessionCount(reader.keyId)).toBe(DEFAULT_SESSION_LIMITS.maxSessionsPerKey);
    expect(d.door.sessionCount()).toBe(DEFAULT_SESSION_LIMITS.maxSessionsPerKey);
    const admin = createKey(engine, { name: 'admin', scopes: 'admin' });
    const c = await client(d, admin.key, 'analyst-assistant');
    const r = await c.callTool({ name: 'get_fleet_posture', arguments: {} });
    expect(r.isError).toBeFalsy();
  });

  it('refuses a key at its cap while every one of its sessions is in use, with a JSON-RPC error naming the cap, audited under the key', async () => {
    const d = await door({ maxSessionsPerKey: 3, abandonedAfterMs: 0 });
    const reader = createKey(engine, { name: 'busy-reader', scopes: 'read' });
    for (const n of ['a', 'b', 'c']) await client(d, reader.key, `reader-${n}`);
    await until(() => d.door.sessions().filter((s) => s.key_id === reader.keyId && s.streams > 0).length === 3, 'the three clients listen on their streams');
    const before = head();
    const refused = await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${reader.key}` });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('5');
    const body = JSON.parse(refused.body) as { id: number; error: { code: number; message: string } };
    expect(body.id).toBe(1);
    expect(body.error.code).toBe(-32000);
    expect(body.error.message).toMatch(/this API key already has 3 open MCP sessions, the per-key cap \(maxSessionsPerKey = 3, set by THREATMATIC_MCP_MAX_SESSIONS_PER_KEY\)/);
    // The SDK client sees the same message.
    await expect(connectHttp(d.url, reader.key, 'reader-d')).rejects.toThrow(/per-key cap \(maxSessionsPerKey = 3/);
    const rows = auditSince(before).filter((r) => r.action === 'mcp.session.open');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_type: 'mcp_agent', actor_id: reader.keyId, outcome: 'denied' });
    expect(detail(rows[0])).toMatchObject({ status: 429, cap: 'maxSessionsPerKey', limit: 3 });
    // Another key is not affected.
    const other = createKey(engine, { name: 'other', scopes: 'read' });
    expect((await (await client(d, other.key, 'other')).callTool({ name: 'get_fleet_posture', arguments: {} })).isError).toBeFalsy();
  });

  it('replaces the least recently used abandoned session of the key at its cap, never a session in use', async () => {
    const d = await door({ maxSessionsPerKey: 2, abandonedAfterMs: 0 });
    const reader = createKey(engine, { name: 'forgetful', scopes: 'read' });
    const live = await client(d, reader.key, 'live');
    const liveId = (live.transport as { sessionId?: string }).sessionId;
    await until(() => d.door.sessions().some((s) => s.session_id === liveId && s.streams > 0), 'the live client listens');
    const abandoned = await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${reader.key}` });
    const abandonedId = abandoned.headers['mcp-session-id'] as string;
    const fresh = await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${reader.key}` });
    expect(fresh.status).toBe(200);
    expect(d.door.sessions().map((s) => s.session_id).sort()).toEqual([liveId, fresh.headers['mcp-session-id']].sort());
    // The replacement is on the record, under the key whose new session took the place.
    expect(engine.db.prepare("SELECT actor_id, params FROM audit_log WHERE action = 'mcp.session.evict' ORDER BY seq DESC LIMIT 1").get()).toEqual({ actor_id: reader.keyId, params: JSON.stringify({ session_id: abandonedId }) });
    // The live client keeps working; the replaced session answers 404 so its client starts again.
    expect((await live.callTool({ name: 'get_fleet_posture', arguments: {} })).isError).toBeFalsy();
    const gone = await rawMcp(d.port, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { Authorization: `Bearer ${reader.key}`, 'Mcp-Session-Id': abandonedId, 'Mcp-Protocol-Version': '2025-06-18' });
    expect(gone.status).toBe(404);
  });

  it('at the global cap replaces an abandoned session of the key holding the most, and refuses only when all are in use', async () => {
    const d = await door({ maxSessions: 3, maxSessionsPerKey: 2, abandonedAfterMs: 0 });
    const [heavy, light, late] = ['heavy', 'light', 'late'].map((name) => createKey(engine, { name, scopes: 'read' }));
    for (let i = 0; i < 2; i++) await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${heavy.key}` });
    await client(d, light.key, 'light');
    await until(() => d.door.sessions().some((s) => s.key_id === light.keyId && s.streams > 0), 'the light client listens');
    await client(d, late.key, 'late');
    const count = (k: { keyId: string }) => d.door.sessionCount(k.keyId);
    expect([count(heavy), count(light), count(late)]).toEqual([1, 1, 1]);
    const fourth = createKey(engine, { name: 'fourth', scopes: 'read' });
    await client(d, fourth.key, 'fourth');
    expect([count(heavy), count(light), count(late), count(fourth)]).toEqual([0, 1, 1, 1]);
    await until(() => d.door.sessions().every((s) => s.streams > 0), 'every client listens');
    const fifth = createKey(engine, { name: 'fifth', scopes: 'admin' });
    const refused = await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${fifth.key}` });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).error.message).toMatch(/3 MCP sessions are open, the server's cap \(maxSessions = 3, set by THREATMATIC_MCP_MAX_SESSIONS\)/);
  });
});

describe('refusals at the HTTP layer are audited', () => {
  it('records a revoked key on its open session, under the key and the agent name', async () => {
    const d = await door();
    const k = createKey(engine, { name: 'soon-revoked', scopes: 'read' });
    const c = await client(d, k.key, 'revoked-agent');
    engine.keys.revoke(k.keyId, { type: 'analyst', id: 'alice' });
    const before = head();
    await expect(c.callTool({ name: 'get_fleet_posture', arguments: {} })).rejects.toThrow(/401|revoked API key/);
    const rows = auditSince(before).filter((r) => r.action === 'mcp.authenticate');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ actor_type: 'mcp_agent', actor_id: k.keyId, actor_name: 'revoked-agent', outcome: 'denied' });
    expect(detail(rows[0])).toMatchObject({ status: 401, reason: expect.stringMatching(/^revoked at /) });
  });

  it('records a key using another key\'s session, under the key that tried', async () => {
    const d = await door();
    const owner = createKey(engine, { name: 'owner', scopes: 'read' });
    const thief = createKey(engine, { name: 'thief', scopes: 'admin' });
    const init = await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${owner.key}` });
    const sid = init.headers['mcp-session-id'] as string;
    const before = head();
    const stolen = await rawMcp(d.port, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, { Authorization: `Bearer ${thief.key}`, 'Mcp-Session-Id': sid, 'Mcp-Protocol-Version': '2025-06-18' });
    expect(stolen.status).toBe(403);
    expect(auditSince(before)).toEqual([
      expect.objectContaining({ actor_type: 'mcp_agent', actor_id: thief.keyId, action: 'mcp.session', outcome: 'denied', params: JSON.stringify({ http_method: 'POST', session_id: sid }) }),
    ]);
    expect(detail(auditSince(before)[0])).toMatchObject({ status: 403, owner_key_id: owner.keyId, message: 'this session belongs to another API key' });
  });

  it('records unknown keys, and a foreign Host or Origin when the request names a key (not when it names none)', async () => {
    const d = await door();
    const k = createKey(engine, { name: 'rebound', scopes: 'read' });
    const before = head();
    expect((await rawMcp(d.port, initializeRequest(), { Authorization: 'Bearer tm_not_a_key' })).status).toBe(401);
    expect((await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${k.key}`, Origin: 'http://evil.example' })).status).toBe(403);
    const evilHost = await rawMcp(d.port, initializeRequest(), { Authorization: `Bearer ${k.key}`, Host: `evil.example:${d.port}` });
    expect(evilHost.status).toBe(403);
    expect(JSON.parse(evilHost.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000, message: expect.stringContaining('DNS-rebinding') } });
    expect((await rawMcp(d.port, initializeRequest(), { Origin: 'http://evil.example' })).status).toBe(403);
    const rows = auditSince(before);
    expect(rows.map((r) => [r.actor_id, r.action, r.outcome])).toEqual([
      ['unauthenticated', 'mcp.authenticate', 'denied'],
      [k.keyId, 'mcp.origin', 'denied'],
      [k.keyId, 'mcp.origin', 'denied'],
    ]);
    expect(detail(rows[0])).toMatchObject({ reason: 'unknown' });
    expect(detail(rows[1])).toMatchObject({ origin: 'http://evil.example' });
  });
});
