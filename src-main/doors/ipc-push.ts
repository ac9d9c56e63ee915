// The desktop app's push channel: the engine's event log sent to a window over IPC as events are
// appended, so the console updates without polling. A window asks with IPC_WATCH_CHANNEL (resuming after
// the cursor it last saw) and gets each event on IPC_EVENT_CHANNEL. Like ipc.ts it takes ipcMain-like
// objects, so it runs under plain Node; only src-main/electron/ passes the real ones.
import { IPC_EVENT_CHANNEL, IPC_UNWATCH_CHANNEL, IPC_WATCH_CHANNEL } from '@shared/contract/door-reply';
import type { Engine } from '../engine/engine';

/** The part of a WebContents the push channel uses. */
export interface PushTarget {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface PushEventLike {
  sender: PushTarget;
  senderFrame: { url: string } | null;
}

export interface IpcMainPushLike {
  handle(channel: string, listener: (event: PushEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export function registerIpcPush(ipcMain: IpcMainPushLike, engine: Engine, isAppUrl: (url: string) => boolean): () => void {
  const watches = new Map<number, () => void>();
  const stop = (id: number) => {
    watches.get(id)?.();
    watches.delete(id);
  };
  ipcMain.handle(IPC_WATCH_CHANNEL, (event, after) => {
    const url = event.senderFrame?.url;
    if (!url || !isAppUrl(url)) return { ok: false, error: { code: 'forbidden', message: 'events are pushed only to the Threatmatic window' } };
    const from = typeof after === 'number' && Number.isSafeInteger(after) && after >= 0 ? after : engine.events.head();
    const target = event.sender;
    const known = watches.has(target.id);
    stop(target.id);
    watches.set(target.id, engine.events.subscribe({}, (e) => {
      if (target.isDestroyed()) return stop(target.id);
      target.send(IPC_EVENT_CHANNEL, e);
    }, from));
    if (!known) target.once('destroyed', () => stop(target.id));
    return { ok: true, result: { after: from } };
  });
  ipcMain.handle(IPC_UNWATCH_CHANNEL, (event) => {
    stop(event.sender.id);
    return { ok: true, result: {} };
  });
  return () => {
    ipcMain.removeHandler(IPC_WATCH_CHANNEL);
    ipcMain.removeHandler(IPC_UNWATCH_CHANNEL);
    for (const id of [...watches.keys()]) stop(id);
  };
}
