// Calls one operation for a door and turns the outcome into an OpReply: user errors keep their code,
// message and field; anything else is logged here and reaches the caller as a bare 'internal' error.
// A busy database (another process writing) is waited for asynchronously and within a bound
// (busy-retry.ts); past it the caller gets a 'busy' error and the refusal is audited.
import type { DoorError, OpReply } from '@shared/contract/door-reply';
import type { OpName } from '@shared/contract/index';
import { dispatchAsync, type CallContext } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { doorFault } from '../engine/db/store-fault';
import { UserError } from '../engine/errors';
import { auditRefusalWhenFree, DEFAULT_BUSY_RETRY, withBusyRetry, type BusyRetryPolicy } from './busy-retry';

export function toDoorError(err: unknown, engine: Engine, opName: string): DoorError {
  const user = doorFault(err);
  if (user) return { code: user.code, message: user.message, ...(user.field ? { field: user.field } : {}) };
  // Internals (stack, SQL, paths) stay in the local log, never in a reply.
  engine.log.error('operation failed', { op: opName, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  return { code: 'internal', message: `operation '${opName}' failed unexpectedly; see the console's log for details` };
}

export async function runOp(engine: Engine, name: string, input: unknown, ctx: CallContext, busy: BusyRetryPolicy = DEFAULT_BUSY_RETRY): Promise<OpReply> {
  try {
    // A synchronous operation's busy fault is retried; an asynchronous one's result is awaited here.
    return { ok: true, result: await withBusyRetry(() => dispatchAsync(engine, name as OpName, input, ctx), busy) };
  } catch (err) {
    if (err instanceof UserError && err.code === 'busy') {
      // Every refused write is on the record; the entry waits for the lock the call could not get.
      void auditRefusalWhenFree(engine, ctx.actor, name, input, err, busy);
    }
    return { ok: false, error: toDoorError(err, engine, name) };
  }
}
