// subscribe_events over both transports: matching events committed after the call started reach the
// client during the call (notifications/message with the event, and progress notifications when the
// client sent a progressToken), the call returns at max_events or at once (timeout 0) with next_cursor,
// and resuming from next_cursor (subscribe_events or read_events) loses nothing. Nothing here waits for a
// timeout: the timeout's own behaviour is tested on a ManualClock (test/unit/mcp/subscribe-timeout.test.ts).
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema, type Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import { Engine } from '../../src-main/engine/engine';
import { closeMcpFixture, openMcpFixture, type McpFixture, connectHttp, connectStdio, createKey, text, until, type HttpMcp } from './mcp-harness';

type Transport = 'http' | 'stdio';
let fx: McpFixture | undefined;
let dir: string;
let engine: Engine;
let http: HttpMcp;
let open: Client[];

beforeAll(async () => {
  fx = await openMcpFixture('tm-mcp-subscribe-', { inventory: false });
  ({ dir, engine, http, open } = fx);
});
afterAll(() => closeMcpFixture(fx));

function anomaly(severity: 'critical' | 'high', entity: string): number {
  return engine.events.append({ event_type: 'anomaly', severity, entity_type: 'device', entity_id: entity, data: { anomaly_type: 'lateral_movement_attempt', device_id: entity, severity, recommended_action: 'isolate' } });
}

/** Waits until the server has taken the subscribe call (its audit entry is committed before it listens). */
async function subscribed(keyId: string, count: number): Promise<void> {
  const seen = () => engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND action = 'events.subscribe'").pluck().get(keyId) as number;
  for (let waited = 0; seen() < count; waited += 20) {
    if (waited > 15_000) throw new Error('the server never took the subscribe_events call');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each<Transport>(['http', 'stdio'])('subscribe_events over %s', (transport) => {

  async function connect(name: string) {
    const { key, keyId } = createKey(engine, { name, scopes: 'read' });
    const client = transport === 'http' ? await connectHttp(http.url, key, name) : (await connectStdio(dir, key, name)).client;
    open.push(client);
    const logged: { level: string; logger?: string; data: LoggedEventView; at: number }[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logged.push({ level: n.params.level, logger: n.params.logger, data: n.params.data as LoggedEventView, at: performance.now() });
    });
    return { client, keyId, logged };
  }

  it('sends each matching event during the call and returns at max_events', async () => {
    const { client, keyId, logged } = await connect(`live-${transport}`);
    const progress: Progress[] = [];
    const call = client.callTool({ name: 'subscribe_events', arguments: { filters: { event_type: 'anomaly', severity: 'critical' }, max_events: 2, timeout_seconds: 60 } }, undefined, { onprogress: (p) => progress.push(p) });
    await subscribed(keyId, 1);
    const appendedAt = performance.now();
    anomaly('high', 'ws-1');
    const first = anomaly('critical', 'ws-2');
    // The call stays open after one event (max_events is 2): its notification and progress must arrive now.
    await until(() => logged.length >= 1 && progress.length >= 1, 'the first matching event was notified, with its progress');
    const second = anomaly('critical', 'ws-3');
    anomaly('critical', 'ws-4');
    const r = await call;
    expect(r.isError).toBeFalsy();
    const result = r.structuredContent as { events: LoggedEventView[]; next_cursor: number };
    expect(result.events.map((e) => [e.cursor, e.entity_id, e.severity])).toEqual([[first, 'ws-2', 'critical'], [second, 'ws-3', 'critical']]);
    expect(result.next_cursor).toBe(second);
    expect(JSON.parse(text(r))).toEqual(result);
    // Notifications arrived before the result, in order, each carrying the event.
    expect(logged.map((l) => [l.level, l.logger, l.data.cursor])).toEqual([['critical', 'threatmatic.events', first], ['critical', 'threatmatic.events', second]]);
    expect(logged[0].data).toEqual(result.events[0]);
    // Progress notifications carry the same events, numbered. The SDK Client runs notification handlers in a
    // microtask and forgets the progress token as soon as the result is read, so a progress notification that
    // arrives in the same read as the result is dropped on the client side: what arrives is a prefix, and the
    // first one, sent while the call was still open, is always in it.
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(2);
    progress.forEach((p, i) => {
      expect([p.progress, p.total]).toEqual([i + 1, 2]);
      expect(JSON.parse(p.message!)).toEqual(result.events[i]);
    });
    console.log(`subscribe_events over ${transport}: first notification ${Math.round(logged[0].at - appendedAt)} ms after the commit`);

    // Resuming from next_cursor returns what came after, with nothing lost: the ws-4 event.
    const resumed = await client.callTool({ name: 'subscribe_events', arguments: { filters: { event_type: 'anomaly', severity: 'critical' }, cursor: result.next_cursor, timeout_seconds: 0 } });
    expect((resumed.structuredContent as { events: LoggedEventView[] }).events.map((e) => e.entity_id)).toEqual(['ws-4']);
  });

  it('returns a cursor that loses nothing committed between two calls; read_events agrees', async () => {
    const { client, keyId } = await connect(`timeout-${transport}`);
    const started = await client.callTool({ name: 'subscribe_events', arguments: { filters: { entity_id: `quiet-${transport}` }, timeout_seconds: 0 } });
    const { events, next_cursor } = started.structuredContent as { events: LoggedEventView[]; next_cursor: number };
    expect(events).toEqual([]);
    // While no call is open, three events for the entity and others arrive.
    const ids = [anomaly('high', `quiet-${transport}`), anomaly('critical', 'elsewhere'), anomaly('critical', `quiet-${transport}`)];
    const again = await client.callTool({ name: 'subscribe_events', arguments: { filters: { entity_id: `quiet-${transport}` }, cursor: next_cursor, timeout_seconds: 0 } });
    expect((again.structuredContent as { events: LoggedEventView[] }).events.map((e) => e.cursor)).toEqual([ids[0], ids[2]]);
    const read = await client.callTool({ name: 'read_events', arguments: { cursor: next_cursor, entity_id: `quiet-${transport}` } });
    expect((read.structuredContent as { events: LoggedEventView[] }).events.map((e) => e.cursor)).toEqual([ids[0], ids[2]]);
    expect(engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND action = 'events.subscribe' AND outcome = 'ok'").pluck().get(keyId)).toBe(2);
    await subscribed(keyId, 2);
  });

  it('sends nothing more to a key revoked during the call', async () => {
    const { client, keyId, logged } = await connect(`revoked-${transport}`);
    const call = client.callTool({ name: 'subscribe_events', arguments: { filters: { entity_id: `revoked-${transport}` }, timeout_seconds: 120 } });
    await subscribed(keyId, 1);
    anomaly('high', `revoked-${transport}`);
    await until(() => logged.length > 0, 'the event before the revocation was notified');
    engine.keys.revoke(keyId, { type: 'analyst', id: 'alice' });
    anomaly('critical', `revoked-${transport}`);
    const r = await call;
    expect((r.structuredContent as { events: LoggedEventView[] }).events.map((e) => e.severity)).toEqual(['high']);
    expect(logged.map((l) => l.data.severity)).toEqual(['high']);
  });

  it('refuses bad subscriptions as tool errors naming the field', async () => {
    const { client } = await connect(`bad-${transport}`);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ timeout_seconds: 301 }, /invalid_input: timeout_seconds: .*300/],
      [{ filters: { severity: 'urgent' } }, /invalid_input: filters\.severity/],
      [{ cursor: -1 }, /invalid_input: cursor/],
      [{ max_events: 0 }, /invalid_input: max_events/],
      [{ filters: 'anomaly' }, /invalid_input: filters/],
    ];
    for (const [args, message] of cases) {
      const r = await client.callTool({ name: 'subscribe_events', arguments: args });
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(text(r)).toMatch(message);
    }
  });
});
