// subscribe_events' timeout runs on the engine's scheduler: the call stays open, sends each matching
// event as it is committed, and returns when the clock passes timeout_seconds, with a cursor after the
// last event it sent. A ManualClock is advanced instead of waiting (the transports are covered by
// test/integration/mcp-subscribe.test.ts, which needs no timeout to pass).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import { subscribeEvents, type Extra } from '../../../src-main/doors/mcp/subscribe-events';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

let engine: Engine;
let clock: ManualClock;
const ctx = { actor: { type: 'mcp_agent' as const, id: 'key_unit', name: 'unit-agent' }, scopes: ['read' as const] };

beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 4, 21, 9));
  engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
});
afterEach(() => engine.close());

const anomaly = (entity: string) => engine.events.append({ event_type: 'anomaly', severity: 'high', entity_type: 'device', entity_id: entity, data: { anomaly_type: 'c2_beaconing' } });

describe('subscribe_events timeout', () => {
  it('stays open until the clock passes timeout_seconds, notifying each matching event, then returns its cursor', async () => {
    const sent: LoggedEventView[] = [];
    const extra = {
      signal: new AbortController().signal, requestId: 1, sendRequest: async () => ({}),
      sendNotification: async (n: { method: string; params: { data?: LoggedEventView } }) => {
        if (n.method === 'notifications/message') sent.push(n.params.data!);
      },
    } as unknown as Extra;
    let settled = false;
    const call = subscribeEvents(engine, ctx, { filters: { entity_id: 'cam-7' }, timeout_seconds: 30 }, extra).finally(() => {
      settled = true;
    });
    await new Promise((r) => setImmediate(r)); // the call has taken its subscription
    const ids = [anomaly('cam-7'), anomaly('elsewhere'), anomaly('cam-7')];
    await new Promise((r) => setImmediate(r)); // delivery runs in a microtask after each commit
    expect(sent.map((e) => e.cursor)).toEqual([ids[0], ids[2]]);

    clock.advance(29_999);
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    clock.advance(1);
    const result = await call;
    expect(result.events.map((e) => e.cursor)).toEqual([ids[0], ids[2]]);
    expect(result.next_cursor).toBe(ids[2]);
  });
});
