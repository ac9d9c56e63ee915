// What every door (IPC, HTTP) hands back for one operation call: the result, or an error a user can act on.
import type { OpName, OpOutput } from './index';

/** Error codes a door can answer with: the engine's UserError codes plus the door's own. */
export type DoorErrorCode =
  | 'invalid_input' | 'not_found' | 'conflict' | 'forbidden' | 'unsupported' | 'busy'
  | 'database_too_new' | 'database_corrupt' | 'database_full' | 'database_read_only' | 'database_unversioned' | 'database_unavailable'
  | 'unauthorized' | 'too_many_requests' | 'payload_too_large' | 'unsupported_media_type' | 'method_not_allowed' | 'internal';

export interface DoorError {
  code: DoorErrorCode;
  message: string;
  /** The input field that was wrong, when one was. */
  field?: string;
}

export type OpReply<N extends OpName = OpName> = { ok: true; result: OpOutput<N> } | { ok: false; error: DoorError };

/** The one thing the Electron preload exposes to the renderer (window.threatmatic). */
export interface ThreatmaticBridge {
  call(name: string, input: unknown): Promise<OpReply>;
  /**
   * Pushes every engine event after `after` (null: from now on) to `listener`, in cursor order, until the
   * returned function is called. One watch per window: a new watch replaces the previous one.
   */
  watchEvents?(after: number | null, listener: (event: PushedEvent) => void): () => void;
}

/** An event-log entry as the push channels (IPC, SSE) carry it: the shape events.read returns. */
export interface PushedEvent {
  cursor: number;
  ts: string;
  event_type: string;
  severity: string | null;
  entity_type: string | null;
  entity_id: string | null;
  data: Record<string, unknown>;
}

/** Renderer → main: start (or move) this window's event watch; the argument is the cursor to resume after. */
export const IPC_WATCH_CHANNEL = 'threatmatic:events:watch';
/** Renderer → main: stop this window's event watch. */
export const IPC_UNWATCH_CHANNEL = 'threatmatic:events:unwatch';
/** Main → renderer: one engine event. */
export const IPC_EVENT_CHANNEL = 'threatmatic:events';

/** The single IPC channel every operation travels on. */
export const IPC_CHANNEL = 'threatmatic:op';
