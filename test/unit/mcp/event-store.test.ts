// The bounded per-session event store behind resumable SSE: ids in order, replay of one stream after an
// id (priming events skipped), and the count and byte bounds forgetting the oldest messages first.
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { BoundedEventStore } from '../../../src-main/doors/mcp/event-store';

const note = (n: number, pad = ''): JSONRPCMessage => ({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: { n, pad } } });

async function replay(store: BoundedEventStore, after: string): Promise<{ stream: string; sent: [string, JSONRPCMessage][] }> {
  const sent: [string, JSONRPCMessage][] = [];
  const stream = await store.replayEventsAfter(after, { send: (id, m) => Promise.resolve(void sent.push([id, m])) });
  return { stream, sent };
}

describe('BoundedEventStore', () => {
  it('replays the messages of the same stream after the given id, in order, without priming events', async () => {
    const store = new BoundedEventStore();
    const priming = await store.storeEvent('s1', {} as JSONRPCMessage);
    const a = await store.storeEvent('s1', note(1));
    await store.storeEvent('s2', note(2));
    const c = await store.storeEvent('s1', note(3));
    expect(await store.getStreamIdForEventId(a)).toBe('s1');
    expect(await replay(store, priming)).toEqual({ stream: 's1', sent: [[a, note(1)], [c, note(3)]] });
    expect(await replay(store, a)).toEqual({ stream: 's1', sent: [[c, note(3)]] });
  });

  it('forgets the oldest messages beyond its count and byte bounds, and says so for their ids', async () => {
    const byCount = new BoundedEventStore({ maxEvents: 3 });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await byCount.storeEvent('s', note(i)));
    expect(byCount.size().events).toBe(3);
    expect(ids.map((id) => byCount.holds(id))).toEqual([false, false, true, true, true]);
    await expect(replay(byCount, ids[0])).rejects.toThrow(/no longer held/);

    const byBytes = new BoundedEventStore({ maxBytes: 1000 });
    for (let i = 0; i < 10; i++) await byBytes.storeEvent('s', note(i, 'x'.repeat(200)));
    expect(byBytes.size().bytes).toBeLessThanOrEqual(1000);
    expect(byBytes.size().events).toBe(3);
    // One message over the budget is still kept (it is the newest), alone.
    const big = await byBytes.storeEvent('s', note(99, 'y'.repeat(5000)));
    expect(byBytes.size().events).toBe(1);
    expect(byBytes.holds(big)).toBe(true);
  });
});
