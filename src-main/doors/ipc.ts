// The Electron IPC door: one channel, `threatmatic:op`, carrying (name, input) to dispatch().
// It takes an ipcMain-like object so it runs and is tested under plain Node, without electron.
import { IPC_CHANNEL, type OpReply } from '@shared/contract/door-reply';
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../engine/engine';
import { auditRefusal } from '../engine/dispatch';
import { UserError } from '../engine/errors';
import { runOp } from './run-op';

/** The part of an IpcMainInvokeEvent the door looks at. */
export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcDoorOptions {
  /** True for URLs of our own renderer (app:// in production, the dev server in `electron-vite dev`). */
  isAppUrl(url: string): boolean;
  actor: Actor;
}

export async function handleIpcCall(engine: Engine, opts: IpcDoorOptions, event: IpcInvokeEventLike, name: unknown, input: unknown): Promise<OpReply> {
  const url = event.senderFrame?.url;
  if (!url || !opts.isAppUrl(url)) {
    engine.log.warn('ipc call refused: sender frame is not the app', { url: url ?? null });
    auditRefusal(engine, opts.actor, typeof name === 'string' ? name : 'ipc.call', { sender_frame: url ?? null }, new UserError('forbidden', 'the calling frame is not the Threatmatic window', 'sender_frame'));
    return { ok: false, error: { code: 'forbidden', message: 'calls are accepted only from the Threatmatic window' } };
  }
  if (typeof name !== 'string') return { ok: false, error: { code: 'invalid_input', message: 'operation name must be a string', field: 'operation' } };
  return runOp(engine, name, input, { actor: opts.actor });
}

/** Registers the door; returns a function that removes it. */
export function registerIpcDoor(ipcMain: IpcMainLike, engine: Engine, opts: IpcDoorOptions): () => void {
  ipcMain.handle(IPC_CHANNEL, (event, name, input) => handleIpcCall(engine, opts, event, name, input));
  return () => ipcMain.removeHandler(IPC_CHANNEL);
}
