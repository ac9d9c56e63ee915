// subscribe_events over MCP: dispatch checks, audits and answers what is already there after the cursor;
// the call then stays open and each matching event is sent to the client as it is committed, as a
// notifications/message (logger 'threatmatic.events', data = the event) and, when the client gave a
// progressToken, as a notifications/progress whose message is the event's JSON.
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { LoggingLevel, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { operations, type OpOutput } from '@shared/contract/index';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import type { Severity } from '@shared/domain/enums';
import { dispatch, type CallContext } from '../../engine/dispatch';
import type { Engine } from '../../engine/engine';
import { withBusyRetry } from '../busy-retry';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
const EVENTS_LOGGER = 'threatmatic.events';

const LEVEL: Record<Severity, LoggingLevel> = { critical: 'critical', high: 'error', medium: 'warning', low: 'notice' };

/** `allowed` is asked before each event goes out: a key revoked during the call receives nothing more. */
export async function subscribeEvents(engine: Engine, ctx: CallContext, args: unknown, extra: Extra, allowed: () => boolean = () => true): Promise<OpOutput<'events.subscribe'>> {
  // Its audit entry is a write: a database busy with another writer is waited for like any call's.
  const first = await withBusyRetry(() => dispatch(engine, 'events.subscribe', args, ctx));
  const input = operations['events.subscribe'].input.parse(args ?? {});
  const events: LoggedEventView[] = [];
  let cursor = first.next_cursor;
  const progressToken = extra._meta?.progressToken;
  // Notifications go out one after another, in cursor order, on this request's own stream.
  let sending = Promise.resolve();
  const take = (e: LoggedEventView) => {
    events.push(e);
    cursor = e.cursor;
    const n = events.length;
    sending = sending
      .then(async () => {
        await extra.sendNotification({ method: 'notifications/message', params: { level: e.severity ? LEVEL[e.severity] : 'info', logger: EVENTS_LOGGER, data: e } });
        if (progressToken !== undefined) await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: n, total: input.max_events, message: JSON.stringify(e) } });
      })
      .catch((err: unknown) => engine.log.warn('mcp event notification not sent', { error: String(err) }));
  };
  for (const e of first.events) take(e);

  if (events.length < input.max_events && input.timeout_seconds > 0 && !extra.signal.aborted) {
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        timer.cancel();
        extra.signal.removeEventListener('abort', finish);
        unsubscribe();
        resolve();
      };
      // The engine's scheduler: a test advances its ManualClock past the timeout instead of waiting for it.
      const timer = engine.scheduler.after(input.timeout_seconds * 1000, finish, { keepAlive: true });
      extra.signal.addEventListener('abort', finish);
      const unsubscribe = engine.events.subscribe(input.filters, (e) => {
        if (done) return;
        if (!allowed()) return finish();
        take(e);
        if (events.length >= input.max_events) finish();
      }, cursor);
    });
    // Committed but not yet delivered (another process's write waits for the next poll): take it now,
    // so next_cursor never skips an event.
    if (events.length < input.max_events && allowed()) {
      const rest = engine.events.read(cursor, { limit: input.max_events - events.length, filter: input.filters });
      for (const e of rest.events) take(e);
      cursor = rest.next_cursor;
    }
  }
  await sending;
  return { events, next_cursor: cursor };
}
