// The desktop push channel under plain Node: a window from the app gets engine events in order, resumed
// after the cursor it gives; a foreign frame gets nothing; a window that goes away stops its watch.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_UNWATCH_CHANNEL, IPC_WATCH_CHANNEL } from '@shared/contract/door-reply';
import { registerIpcPush, type IpcMainPushLike, type PushEventLike, type PushTarget } from '../../../src-main/doors/ipc-push';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

type Listener = (event: PushEventLike, ...args: unknown[]) => unknown;

class FakeIpcMain implements IpcMainPushLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, sender: PushTarget, url: string, ...args: unknown[]) {
    return this.handlers.get(channel)!({ sender, senderFrame: { url } }, ...args) as { ok: boolean; result?: { after: number } };
  }
}

class FakeWindow implements PushTarget {
  readonly received: { channel: string; cursor: number; entity_id: string | null }[] = [];
  destroyed = false;
  private onDestroyed: (() => void)[] = [];
  constructor(readonly id: number) {}
  send(channel: string, e: { cursor: number; entity_id: string | null }): void {
    this.received.push({ channel, cursor: e.cursor, entity_id: e.entity_id });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): void {
    this.onDestroyed.push(listener);
  }
  destroy(): void {
    this.destroyed = true;
    for (const l of this.onDestroyed) l();
  }
}

const APP = 'app://threatmatic/index.html';
let engine: Engine;
afterEach(() => engine?.close());

function setup() {
  engine = Engine.open({ dbPath: ':memory:', log: testLogger });
  const ipc = new FakeIpcMain();
  registerIpcPush(ipc, engine, (u) => u.startsWith('app://threatmatic/'));
  const append = (id: string) => engine.events.append({ event_type: 'asset', entity_type: 'device', entity_id: id, data: { change: 'registered' } });
  return { ipc, append };
}

describe('IPC push channel', () => {
  it('pushes events after the given cursor, in order, to the window that asked', async () => {
    const { ipc, append } = setup();
    const first = append('a1');
    append('a2');
    const win = new FakeWindow(1);
    expect(ipc.invoke(IPC_WATCH_CHANNEL, win, APP, first).ok).toBe(true);
    append('a3');
    await vi.waitFor(() => expect(win.received.map((r) => r.entity_id)).toEqual(['a2', 'a3']));
    expect(new Set(win.received.map((r) => r.channel))).toEqual(new Set([IPC_EVENT_CHANNEL]));
  });

  it('refuses a frame that is not the app', () => {
    const { ipc } = setup();
    const reply = ipc.invoke(IPC_WATCH_CHANNEL, new FakeWindow(2), 'https://evil.example/', 0);
    expect(reply.ok).toBe(false);
  });

  it('stops pushing after unwatch and after the window is destroyed', async () => {
    const { ipc, append } = setup();
    const a = new FakeWindow(3);
    const b = new FakeWindow(4);
    ipc.invoke(IPC_WATCH_CHANNEL, a, APP, null);
    ipc.invoke(IPC_WATCH_CHANNEL, b, APP, null);
    append('x1');
    await vi.waitFor(() => expect(b.received).toHaveLength(1));
    ipc.invoke(IPC_UNWATCH_CHANNEL, a, APP);
    b.destroy();
    const c = new FakeWindow(5);
    ipc.invoke(IPC_WATCH_CHANNEL, c, APP, null);
    append('x2');
    await vi.waitFor(() => expect(c.received).toHaveLength(1));
    expect(a.received.map((r) => r.entity_id)).toEqual(['x1']);
    expect(b.received.map((r) => r.entity_id)).toEqual(['x1']);
  });
});
