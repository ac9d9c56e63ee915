// A bounded in-memory EventStore for one MCP HTTP session (the SDK's resumability hook): every message
// sent on the session's SSE streams gets an event id, and a client whose stream dropped reconnects
// with Last-Event-ID to receive what it missed. Keeps the newest messages up to a count and a byte
// budget; older ones are forgotten, and a Last-Event-ID that old is refused (see `holds`).
import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

export interface EventStoreLimits {
  /** Messages kept per session (default 200). */
  maxEvents?: number;
  /** Bytes of message JSON kept per session (default 256 KiB); the newest message is kept whatever its size. */
  maxBytes?: number;
}

// Resuming needs the messages of requests still in flight, which are small (results, event notifications):
// 256 KiB per session keeps a full server (256 sessions) under 64 MiB.
export const DEFAULT_EVENT_LIMITS = { maxEvents: 200, maxBytes: 256 * 1024 } as const;

interface Held { streamId: StreamId; message: JSONRPCMessage; bytes: number }

export class BoundedEventStore implements EventStore {
  private readonly events = new Map<EventId, Held>();
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private seq = 0;
  private bytes = 0;

  constructor(limits: EventStoreLimits = {}) {
    this.maxEvents = limits.maxEvents ?? DEFAULT_EVENT_LIMITS.maxEvents;
    this.maxBytes = limits.maxBytes ?? DEFAULT_EVENT_LIMITS.maxBytes;
  }

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    // Ids only need to be unique and ordered within the session; the session id already guards access.
    const id = String(++this.seq);
    const bytes = Buffer.byteLength(JSON.stringify(message));
    this.events.set(id, { streamId, message, bytes });
    this.bytes += bytes;
    for (const [old, held] of this.events) {
      if (old === id || (this.events.size <= this.maxEvents && this.bytes <= this.maxBytes)) break;
      this.events.delete(old);
      this.bytes -= held.bytes;
    }
    return Promise.resolve(id);
  }

  /** Whether a resume from this event id can be honoured (false once it was forgotten, or never existed). */
  holds(eventId: EventId): boolean {
    return this.events.has(eventId);
  }

  /** How many messages and bytes are held now. */
  size(): { events: number; bytes: number } {
    return { events: this.events.size, bytes: this.bytes };
  }

  getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return Promise.resolve(this.events.get(eventId)?.streamId);
  }

  async replayEventsAfter(lastEventId: EventId, { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> }): Promise<StreamId> {
    const from = this.events.get(lastEventId);
    if (!from) throw new Error(`event ${lastEventId} is no longer held`);
    let after = false;
    // Map iteration also reaches messages stored while replaying, so none falls between replay and live.
    for (const [id, held] of this.events) {
      if (id === lastEventId) after = true;
      // Priming events (an empty message that only carries the id and retry) have nothing to replay.
      else if (after && held.streamId === from.streamId && 'jsonrpc' in held.message) await send(id, held.message);
    }
    return from.streamId;
  }
}
