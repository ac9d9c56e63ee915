// The /api/v1 door over real HTTP against a real engine: keys and scopes, fleet and device posture,
// errors naming the field, cursor pagination, approvals holds, the audit trail with source api.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_DEVICES } from './http-fixtures';
import { auditOf, startRestHarness, type RestHarness } from './rest-harness';

let h: RestHarness;
let readKey: string;
let adminKey: string;

beforeAll(async () => {
  h = await startRestHarness();
  readKey = h.key('read');
  adminKey = h.key('admin');
});

afterAll(async () => {
  await h?.close();
});

describe('/api/v1: posture with a key', () => {
  it('answers GET /api/v1/posture with the fleet posture under fleet, the same as get_fleet_posture', async () => {
    const r = await h.send('GET', '/api/v1/posture', { key: readKey });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(r.json)).toEqual(['fleet', 'ai']);
    // no agents, no MCP scan, no shadow-AI data: every AI dimension is marked not assessed, no made-up score
    expect(r.json.ai.score).toBeNull();
    expect(r.json.ai.dimensions.map((d: { assessed: boolean }) => d.assessed)).toEqual([false, false, false]);
    expect(r.json.fleet.device_count).toBe(FIXTURE_DEVICES.length);
    const direct = await h.send('GET', '/api/v1/posture/fleet', { headers: { Authorization: `Bearer ${readKey}` } });
    expect(direct.status).toBe(200);
    expect(direct.json.score).toBe(r.json.fleet.score);
  });

  it('answers a device posture by its path, and 404 naming the field for an unknown device', async () => {
    const r = await h.send('GET', '/api/v1/posture/devices/cam-dock-02', { key: readKey });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ device_id: 'cam-dock-02', firmware_status: 'eol' });
    const missing = await h.send('GET', '/api/v1/posture/devices/no-such-device', { key: readKey });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ code: 'not_found' });
    expect(Object.keys(missing.json.error).sort()).toEqual(['code', 'field', 'message']);
  });

  it('records every call in the audit log with source api and the key id', async () => {
    const keyId = h.engine.keys.authenticate(readKey)!.key_id;
    await h.send('GET', '/api/v1/posture/users/alice', { key: readKey });
    const entries = auditOf(h.engine, 'posture.user');
    expect(entries.at(-1)).toMatchObject({ actor_type: 'api', actor_id: keyId, outcome: 'ok', params: { user_id: 'alice' } });
  });
});

describe('/api/v1: authentication and scopes', () => {
  it('refuses a missing, unknown or revoked key with 401, audited', async () => {
    const before = auditOf(h.engine, 'api.authenticate').length;
    const none = await h.send('GET', '/api/v1/posture');
    expect(none.status).toBe(401);
    expect(none.json.error).toMatchObject({ code: 'unauthorized', field: 'X-Org-Key' });
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await h.send('GET', '/api/v1/posture', { key: 'tm_not-a-key' })).status).toBe(401);
    const revokedKey = h.key('read', { name: 'to-revoke' });
    const rec = h.engine.keys.authenticate(revokedKey)!;
    h.engine.keys.revoke(rec.key_id, { type: 'cli', id: 'test' });
    expect((await h.send('GET', '/api/v1/posture', { key: revokedKey })).status).toBe(401);
    const refused = auditOf(h.engine, 'api.authenticate').slice(before);
    expect(refused.map((e) => [e.actor_type, e.actor_id, e.outcome])).toEqual([['api', 'unauthenticated', 'denied'], ['api', 'unauthenticated', 'denied'], ['api', rec.key_id, 'denied']]);
  });

  it('refuses a call outside the key\'s scopes with 403, audited as denied with source api', async () => {
    const keyId = h.engine.keys.authenticate(readKey)!.key_id;
    const r = await h.send('POST', '/api/v1/devices/cam-dock-02/isolate', { key: readKey, body: { reason: 'test' } });
    expect(r.status).toBe(403);
    expect(r.json.error).toMatchObject({ code: 'forbidden', field: 'scope' });
    expect(r.json.error.message).toContain("needs scope 'device:isolate'");
    expect(r.json.error.message).toContain('this API key has: read');
    expect(auditOf(h.engine, 'policy.isolateDevice').at(-1)).toMatchObject({ actor_type: 'api', actor_id: keyId, outcome: 'denied', params: { device_id: 'cam-dock-02' } });
    // The device was not touched.
    expect((await h.send('GET', '/api/v1/posture/devices/cam-dock-02', { key: readKey })).json.active_policies).toEqual([]);
  });

  it('holds a containment call from a key that needs approval (202), and runs it once an analyst approves', async () => {
    const agentKey = h.key('device:isolate', { require_approval: true, name: 'held-agent' });
    const held = await h.send('POST', '/api/v1/devices/prn-fin-03/isolate', { key: agentKey, body: { reason: 'suspicious printer' } });
    expect(held.status).toBe(202);
    expect(held.json).toMatchObject({ status: 'pending_approval' });
    const pending = await h.send('GET', '/api/v1/approvals?status=pending', { key: adminKey });
    expect(pending.json.approvals.map((a: { approval_id: string }) => a.approval_id)).toContain(held.json.approval_id);
    const approved = await h.send('POST', `/api/v1/approvals/${held.json.approval_id}/approve`, { key: adminKey, body: { reason: 'confirmed' } });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved' });
    const posture = await h.send('GET', '/api/v1/posture/devices/prn-fin-03', { key: readKey });
    expect(posture.json.active_policies.length).toBeGreaterThan(0);
  });
});

describe('/api/v1: keys, as the admin scope allows', () => {
  it('lists keys without their secrets, revokes one with DELETE (its next call is refused), and refuses both to a read key', async () => {
    const doomed = h.key('read', { name: 'doomed' });
    const listed = await h.send('GET', '/api/v1/keys', { key: adminKey });
    expect(listed.status).toBe(200);
    const record = listed.json.keys.find((k: { name: string }) => k.name === 'doomed');
    expect(record.prefix).toBe(doomed.slice(0, 11));
    expect(listed.text).not.toContain(doomed);
    expect(listed.text).not.toContain('key_hash');
    expect((await h.send('GET', '/api/v1/keys', { key: readKey })).status).toBe(403);
    expect((await h.send('GET', '/api/v1/posture', { key: doomed })).status).toBe(200);
    const revoked = await h.send('DELETE', `/api/v1/keys/${record.key_id}`, { key: adminKey });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revoked_at).not.toBeNull();
    expect((await h.send('GET', '/api/v1/posture', { key: doomed })).status).toBe(401);
    const again = await h.send('DELETE', `/api/v1/keys/${record.key_id}`, { key: adminKey });
    expect(again.status).toBe(409);
  });
});

describe('/api/v1: bad input', () => {
  it('names the field: a wrong enum in the query, a wrong type, an unknown parameter, a missing body field', async () => {
    const badEnum = await h.send('GET', '/api/v1/anomalies?severity=urgent', { key: readKey });
    expect(badEnum.status).toBe(400);
    expect(badEnum.json.error).toMatchObject({ code: 'invalid_input', field: 'severity' });
    const badNumber = await h.send('GET', '/api/v1/devices?limit=lots', { key: readKey });
    expect(badNumber.status).toBe(400);
    expect(badNumber.json.error.field).toBe('limit');
    const unknown = await h.send('GET', '/api/v1/devices?colour=red', { key: readKey });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ field: 'colour' });
    expect(unknown.json.error.message).toContain('device_type');
    const missing = await h.send('POST', '/api/v1/policies', { key: adminKey, body: { description: 'no name' } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.field).toBe('name');
    const notJson = await h.send('POST', '/api/v1/policies', { key: adminKey, body: '{"name":', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error.field).toBe('body');
  });

  it('coerces query values by the schema: numbers and booleans', async () => {
    const r = await h.send('GET', '/api/v1/devices?discovered=false&limit=2', { key: readKey });
    expect(r.status).toBe(200);
    expect(r.json.devices).toHaveLength(2);
  });

  it('answers 404 for no route, 405 with Allow for a wrong method, 413 for an oversized body, all in the error shape', async () => {
    const none = await h.send('GET', '/api/v1/nothing-here', { key: readKey });
    expect(none.status).toBe(404);
    expect(none.json.error).toEqual({ code: 'not_found', message: expect.stringContaining('/api/v1/nothing-here'), field: null });
    const wrong = await h.send('DELETE', '/api/v1/posture', { key: readKey });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET');
    const big = await h.send('POST', '/api/v1/policies', { key: adminKey, body: JSON.stringify({ name: 'x'.repeat(70 * 1024) }) });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
  });

  it('answers 409 for a conflict, naming the field, and keeps secrets out of the audit log', async () => {
    const body = { url: 'https://enforcer.example.net/hook', secret: 'a-long-enough-shared-secret-0123456789' };
    const first = await h.send('POST', '/api/v1/enforcement/endpoints', { key: adminKey, body });
    expect(first.status, first.text).toBe(200);
    const again = await h.send('POST', '/api/v1/enforcement/endpoints', { key: adminKey, body });
    expect(again.status, again.text).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict', field: 'url' });
    const recorded = JSON.stringify(auditOf(h.engine, 'enforcement.addEndpoint'));
    expect(recorded).not.toContain(body.secret);
  });
});

describe('/api/v1: cursor pagination', () => {
  it('walks every device page by page with next_cursor, each once, ending with null', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; json?: any } = await h.send('GET', `/api/v1/devices?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { key: readKey });
      expect(r.status).toBe(200);
      seen.push(...r.json.devices.map((d: { device_id: string }) => d.device_id));
      cursor = r.json.next_cursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(Math.ceil(FIXTURE_DEVICES.length / 5));
    expect([...seen].sort()).toEqual(FIXTURE_DEVICES.map((d) => d.device_id).sort());
  });

  it('refuses a cursor it did not hand out, and offset (cursor stands for it), naming the field', async () => {
    const forged = await h.send('GET', '/api/v1/devices?cursor=abc', { key: readKey });
    expect(forged.status).toBe(400);
    expect(forged.json.error.field).toBe('cursor');
    const offset = await h.send('GET', '/api/v1/devices?offset=5', { key: readKey });
    expect(offset.status).toBe(400);
    expect(offset.json.error.field).toBe('offset');
  });

  it('pages the audit log by its native cursor', async () => {
    const first = await h.send('GET', '/api/v1/audit-log?limit=3', { key: adminKey });
    expect(first.status).toBe(200);
    expect(first.json.entries).toHaveLength(3);
    const next = await h.send('GET', `/api/v1/audit-log?limit=3&cursor=${first.json.next_cursor}`, { key: adminKey });
    expect(next.json.entries[0].seq).toBeLessThan(first.json.entries[2].seq);
  });
});

describe('/healthz and the console API beside it', () => {
  it('answers /healthz without a key', async () => {
    const r = await h.send('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok' });
  });

  it('keeps the console API at /api/ops behind the console token', async () => {
    expect((await h.send('POST', '/api/ops/system.stats', { body: {} })).status).toBe(401);
    const r = await h.send('POST', '/api/ops/system.stats', { body: {}, headers: { Authorization: 'Bearer console-token-0123456789abcdef' } });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    // An API key is not the console token, and the console token is not an API key.
    expect((await h.send('GET', '/api/v1/posture', { headers: { Authorization: 'Bearer console-token-0123456789abcdef' } })).status).toBe(401);
  });
});
