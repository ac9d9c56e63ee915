// GET /api/v1/signals/stream: the engine's event log as Server-Sent Events. Each message's `id` is the
// event's cursor, so a client that reconnects with Last-Event-ID (header, or ?last_event_id= where it
// cannot set headers) gets every event after it exactly once: the log is durable and read in cursor
// order, with nothing kept per connection. Filters (event_type, severity, entity_type, entity_id) are
// the event log's own, checked by the events.read schema; `retry` tells the client how soon to
// reconnect; comment lines keep idle proxies and clients from timing the stream out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { operations } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { Scheduler } from '../../../engine/clock';
import { describeIssues } from '../../../engine/dispatch';
import type { Engine } from '../../../engine/engine';
import type { EventFilter, LoggedEvent } from '../../../engine/events/event-log';
import { invalid, UserError } from '../../../engine/errors';
import { coerce } from './rest-input';
import { inputSchema } from './json-schemas';

export const SIGNAL_STREAM_PATH = '/api/v1/signals/stream';
const STREAM_FILTERS = ['event_type', 'severity', 'entity_type', 'entity_id'] as const;

export interface StreamSettings {
  /** The SSE `retry` sent first: how many ms a client waits before reconnecting (default 2000). */
  retryMs: number;
  /** A comment line this often when nothing else was sent (default 15 s). */
  heartbeatMs: number;
  /** Open streams per API key (default 16); past it the request is answered 429. */
  maxPerKey: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = { retryMs: 2000, heartbeatMs: 15_000, maxPerKey: 16 };

export interface StreamRequest {
  filter: EventFilter;
  /** Deliver events after this cursor; null: from the newest event on. */
  after: number | null;
}

/** The stream's filter and starting cursor from the query string and Last-Event-ID; refuses bad ones naming the field. */
export function parseStreamRequest(req: IncomingMessage, query: URLSearchParams): StreamRequest {
  const props = inputSchema(operations['events.read']).properties ?? {};
  const raw: Record<string, unknown> = {};
  for (const name of new Set(query.keys())) {
    if (name === 'token' || name === 'last_event_id') continue;
    if (!(STREAM_FILTERS as readonly string[]).includes(name)) throw invalid(name, `unknown query parameter; the stream takes: ${STREAM_FILTERS.join(', ')}, last_event_id, token`);
    if (query.getAll(name).length > 1) throw invalid(name, 'give it once');
    raw[name] = coerce(query.get(name)!, props[name]);
  }
  const checked = operations['events.read'].input.safeParse(raw);
  if (!checked.success) throw new UserError('invalid_input', describeIssues(checked.error), String(checked.error.issues[0]?.path[0] ?? ''));
  const filter: EventFilter = {};
  for (const name of STREAM_FILTERS) if (checked.data[name] !== undefined) Object.assign(filter, { [name]: checked.data[name] });
  const header = req.headers['last-event-id'];
  const resume = typeof header === 'string' && header.trim() !== '' ? { field: 'Last-Event-ID', value: header.trim() } : query.has('last_event_id') ? { field: 'last_event_id', value: query.get('last_event_id')! } : null;
  if (!resume) return { filter, after: null };
  if (!/^(0|[1-9][0-9]{0,15})$/.test(resume.value)) throw invalid(resume.field, `must be an event id this stream sent (a whole number), got '${resume.value}'`);
  return { filter, after: Number(resume.value) };
}

export interface OpenStream {
  actor: Actor;
  keyId: string;
  close(): void;
}

/**
 * Answers the request with the stream and keeps it open until the client goes, the door closes, or
 * `allowed()` turns false (its key was revoked). Returns the stream's handle at once.
 */
export function openSignalStream(engine: Engine, scheduler: Scheduler, settings: StreamSettings, req: IncomingMessage, res: ServerResponse, s: StreamRequest, who: { actor: Actor; keyId: string; allowed: () => boolean }, onClose: () => void): OpenStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    // Proxies that buffer would hold events back.
    'X-Accel-Buffering': 'no',
  });
  const from = s.after ?? engine.events.head();
  res.write(`retry: ${settings.retryMs}\n: threatmatic signal stream after cursor ${from}\n\n`);
  res.socket?.setNoDelay(true);
  let sentSinceBeat = false;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    beat.cancel();
    res.end();
    onClose();
  };
  const send = (e: LoggedEvent) => {
    if (closed) return;
    if (!who.allowed()) return close();
    res.write(`id: ${e.cursor}\ndata: ${JSON.stringify(e)}\n\n`);
    sentSinceBeat = true;
  };
  const unsubscribe = engine.events.subscribe(s.filter, send, from);
  const beat = scheduler.every(settings.heartbeatMs, () => {
    if (closed) return;
    if (!who.allowed()) return close();
    if (!sentSinceBeat) res.write(': heartbeat\n\n');
    sentSinceBeat = false;
  });
  req.once('close', close);
  res.once('close', close);
  return { actor: who.actor, keyId: who.keyId, close };
}
