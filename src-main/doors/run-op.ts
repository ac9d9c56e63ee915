// Calls one operation for a door and turns the outcome into an OpReply: user errors keep their code,
// message and field; anything else is logged here and reaches the caller as a bare 'internal' error.
import type { DoorError, OpReply } from '@shared/contract/door-reply';
import type { OpName } from '@shared/contract/index';
import { dispatch, type CallContext } from '../engine/dispatch';
import type { Engine } from '../engine/engine';
import { doorFault } from '../engine/db/store-fault';

export function toDoorError(err: unknown, engine: Engine, opName: string): DoorError {
  const user = doorFault(err);
  if (user) return { code: user.code, message: user.message, ...(user.field ? { field: user.field } : {}) };
  // Internals (stack, SQL, paths) stay in the local log, never in a reply.
  engine.log.error('operation failed', { op: opName, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  return { code: 'internal', message: `operation '${opName}' failed unexpectedly; see the console's log for details` };
}

export function runOp(engine: Engine, name: string, input: unknown, ctx: CallContext): OpReply {
  try {
    return { ok: true, result: dispatch(engine, name as OpName, input, ctx) };
  } catch (err) {
    return { ok: false, error: toDoorError(err, engine, name) };
  }
}
