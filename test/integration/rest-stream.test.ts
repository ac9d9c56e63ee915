// GET /api/v1/signals/stream over real HTTP: every event of the log once, in order, across a drop and a
// reconnect with Last-Event-ID; filters; retry and heartbeats on the injected clock; stream tokens for
// EventSource, single-purpose and expiring.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/engine/clock';
import { auditOf, startRestHarness, type RestHarness } from './rest-harness';
import { SseReader } from './sse-client';

const HEARTBEAT_MS = 15_000;
let h: RestHarness;
let clock: ManualClock;
let readKey: string;
let blockKey: string;
let n = 0;

/** One policy event in the log, made the way a user would: a block through the API. */
async function block(): Promise<void> {
  const r = await h.send('POST', '/api/v1/destinations/block', { key: blockKey, body: { destination: `c2-${++n}.bad.example`, reason: 'stream test' } });
  expect(r.status, r.text).toBe(200);
}

const stream = async (query: string, headers: Record<string, string> = {}) => {
  const res = await h.open(`/api/v1/signals/stream${query}`, headers);
  return { status: res.statusCode, headers: res.headers, reader: new SseReader(res) };
};

beforeAll(async () => {
  clock = new ManualClock(Date.parse('2026-05-21T09:00:00Z'));
  h = await startRestHarness({ clock, door: { stream: { heartbeatMs: HEARTBEAT_MS, retryMs: 1500, maxPerKey: 2 } } });
  readKey = h.key('read');
  blockKey = h.key('destination:block');
});

afterAll(async () => {
  await h?.close();
});

describe('signal stream', () => {
  it('sends retry first, then each new event with its cursor as id', async () => {
    const s = await stream('?event_type=policy', { 'X-Org-Key': readKey });
    expect(s.status).toBe(200);
    expect(s.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await s.reader.until((r) => r.retry !== null);
    expect(s.reader.retry).toBe(1500);
    await block();
    await block();
    await s.reader.until((r) => r.messages.length === 2);
    const got = s.reader.events();
    expect(got.map((g) => g.event.event_type)).toEqual(['policy', 'policy']);
    expect(got.map((g) => g.id)).toEqual(got.map((g) => String(g.event.cursor)));
    expect(Number(got[1].id)).toBeGreaterThan(Number(got[0].id));
    s.reader.close();
  });

  it('resumes after a drop with Last-Event-ID: every event exactly once, none lost, none repeated', async () => {
    const first = await stream('?event_type=policy', { Authorization: `Bearer ${readKey}` });
    await first.reader.until((r) => r.retry !== null);
    await block();
    await block();
    await first.reader.until((r) => r.messages.length === 2);
    const last = first.reader.messages.at(-1)!.id!;
    first.reader.close();
    // While the client is away, three more signals happen.
    await block();
    await block();
    await block();
    const second = await stream('?event_type=policy', { 'X-Org-Key': readKey, 'Last-Event-ID': last });
    await second.reader.until((r) => r.messages.length === 3);
    await block();
    await second.reader.until((r) => r.messages.length === 4);
    const ids = [...first.reader.events(), ...second.reader.events()].map((e) => Number(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    // Exactly the policy events the log holds after the first one this client saw.
    const log = await h.send('GET', `/api/v1/signals?event_type=policy&cursor=${ids[0] - 1}&limit=100`, { key: readKey });
    expect(ids).toEqual(log.json.events.map((e: { cursor: number }) => e.cursor));
    second.reader.close();
  });

  it('resumes with ?last_event_id where headers cannot be set, and filters by entity and severity', async () => {
    const head = (await h.send('GET', '/api/v1/signals', { key: readKey })).json.next_cursor;
    await block();
    const s = await stream(`?last_event_id=${head}&event_type=policy`, { 'X-Org-Key': readKey });
    await s.reader.until((r) => r.messages.length === 1);
    expect(s.reader.events()[0].event.data).toMatchObject({ action: 'block_destination', reason: 'stream test' });
    expect(JSON.stringify(s.reader.events()[0].event.data)).toContain(`c2-${n}.bad.example`);
    s.reader.close();
    const high = await stream(`?last_event_id=${head}&event_type=policy&severity=high`, { 'X-Org-Key': readKey });
    await high.reader.until((r) => r.retry !== null);
    await block();
    const isolateKey = h.key('device:isolate');
    expect((await h.send('POST', '/api/v1/devices/cam-dock-02/isolate', { key: isolateKey, body: { reason: 'test', notify: true } })).status).toBe(200);
    const byEntity = await stream(`?last_event_id=${head}&entity_id=cam-dock-02`, { 'X-Org-Key': readKey });
    await byEntity.reader.until((r) => r.messages.length >= 1);
    expect(byEntity.reader.events().every((e) => e.event.entity_id === 'cam-dock-02')).toBe(true);
    // The blocks (no severity) were skipped; the isolation with notify (high) came through, alone.
    await high.reader.until((r) => r.messages.length >= 1);
    expect(high.reader.events().map((e) => [e.event.severity, e.event.entity_id])).toEqual([['high', 'cam-dock-02']]);
    high.reader.close();
    byEntity.reader.close();
  });

  it('refuses a bad filter or resume id naming the field, and a key without read scope, audited with source api', async () => {
    const bad = await h.send('GET', '/api/v1/signals/stream?severity=urgent', { key: readKey });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_input', field: 'severity' });
    const badId = await h.send('GET', '/api/v1/signals/stream', { key: readKey, headers: { 'Last-Event-ID': 'abc' } });
    expect(badId.status).toBe(400);
    expect(badId.json.error.field).toBe('Last-Event-ID');
    const noRead = await h.send('GET', '/api/v1/signals/stream', { key: blockKey });
    expect(noRead.status).toBe(403);
    expect(auditOf(h.engine, 'api.signals.stream').at(-1)).toMatchObject({ actor_type: 'api', outcome: 'denied' });
  });

  it('sends a heartbeat comment on the injected scheduler when idle, and ends when the key is revoked', async () => {
    const key = h.key('read', { name: 'to-revoke' });
    const s = await stream('', { 'X-Org-Key': key });
    await s.reader.until((r) => r.retry !== null);
    clock.advance(HEARTBEAT_MS);
    await s.reader.until((r) => r.comments.includes('heartbeat'));
    const ended = new Promise((resolve) => s.reader.res.once('end', resolve));
    h.engine.keys.revoke(h.engine.keys.authenticate(key)!.key_id, { type: 'cli', id: 'test' });
    clock.advance(HEARTBEAT_MS);
    await ended;
  });
});

describe('stream limits', () => {
  it('answers 429 with Retry-After past a key\'s open streams, audited, and takes a new one once one closes', async () => {
    const key = h.key('read', { name: 'greedy' });
    const a = await stream('', { 'X-Org-Key': key });
    const b = await stream('', { 'X-Org-Key': key });
    expect([a.status, b.status]).toEqual([200, 200]);
    const third = await h.send('GET', '/api/v1/signals/stream', { key });
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('5');
    expect(third.json.error.code).toBe('too_many_requests');
    expect(auditOf(h.engine, 'api.signals.stream').at(-1)).toMatchObject({ outcome: 'denied', actor_id: h.engine.keys.authenticate(key)!.key_id });
    // Another key is not held back by this one.
    const other = await stream('', { 'X-Org-Key': readKey });
    expect(other.status).toBe(200);
    // The server lets a stream go when it sees its socket close: wait for that, one stream at a time.
    const released = async (s: { reader: SseReader }) => {
      const open = h.door.openStreams();
      s.reader.close();
      for (let i = 0; i < 500 && h.door.openStreams() >= open; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(h.door.openStreams()).toBeLessThan(open);
    };
    await released(other);
    await released(a);
    const again = await stream('', { 'X-Org-Key': key });
    expect(again.status).toBe(200);
    again.reader.close();
    b.reader.close();
  });
});

describe('stream tokens', () => {
  it('mints a token that opens the stream without headers, and nothing else', async () => {
    const minted = await h.send('POST', '/api/v1/stream-tokens', { key: readKey, body: { ttl_seconds: 60 } });
    expect(minted.status).toBe(201);
    expect(minted.json).toMatchObject({ purpose: 'signals.stream', stream_url: `/api/v1/signals/stream?token=${minted.json.token}` });
    const s = await stream(`?token=${minted.json.token}&event_type=policy`);
    expect(s.status).toBe(200);
    await s.reader.until((r) => r.retry !== null);
    await block();
    await s.reader.until((r) => r.messages.length === 1);
    s.reader.close();
    // Single-purpose: not a key for anything else.
    expect((await h.send('GET', `/api/v1/posture?token=${minted.json.token}`)).status).toBe(401);
    expect((await h.send('GET', '/api/v1/posture', { key: minted.json.token })).status).toBe(401);
  });

  it('expires on the clock: a reconnect after the token\'s life is refused with 401 naming the token', async () => {
    const minted = await h.send('POST', '/api/v1/stream-tokens', { key: readKey, body: { ttl_seconds: 30 } });
    const ok = await stream(`?token=${minted.json.token}`);
    expect(ok.status).toBe(200);
    ok.reader.close();
    clock.advance(31_000);
    const late = await h.send('GET', `/api/v1/signals/stream?token=${minted.json.token}`);
    expect(late.status).toBe(401);
    expect(late.json.error).toMatchObject({ code: 'unauthorized', field: 'token' });
  });

  it('refuses a lifetime out of bounds naming ttl_seconds', async () => {
    const r = await h.send('POST', '/api/v1/stream-tokens', { key: readKey, body: { ttl_seconds: 86_400 } });
    expect(r.status).toBe(400);
    expect(r.json.error.field).toBe('ttl_seconds');
  });
});
