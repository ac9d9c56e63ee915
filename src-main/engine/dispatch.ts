// Runs one contract operation: parse the input with its schema, check the caller's scope, call the
// engine handler. Every door (IPC, HTTP, MCP, CLI) goes through here, so none of them holds logic.
import { changesAccess, recordableInput } from '@shared/contract/define';
import { operations, isOpName, type OpName, type OpOutput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { Scope } from '@shared/domain/enums';
import type { z } from 'zod';

import { isBusyError } from './db/busy';
import { UserError } from './errors';
import type { Engine } from './engine';
import { ASYNC_OPS, type AsyncOpName, type CallContext, type Dispatch, type Handler } from './handler-types';
import { handlers } from './handlers';

export type { CallContext } from './handler-types';

export function hasScope(scopes: readonly Scope[] | undefined, needed: Scope): boolean {
  return scopes === undefined || scopes.includes('admin') || scopes.includes(needed);
}

/** Turns a zod failure into one message naming every bad field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
}

/** Runs a synchronous operation (every one but those in AsyncOpName). */
export function dispatch<N extends Exclude<OpName, AsyncOpName>>(engine: Engine, name: N | string, rawInput: unknown, ctx: CallContext): OpOutput<N> {
  // Refused before it starts: an asynchronous handler would run on while this caller had moved on.
  if ((ASYNC_OPS as readonly string[]).includes(name)) throw new Error(`operation '${name}' is asynchronous: call it with dispatchAsync`);
  return (invoke(engine, name, rawInput, ctx) as { result: OpOutput<N> }).result;
}

/**
 * Runs any operation, an asynchronous one (ingest, rebuild-derived) included. A fault before the
 * handler's first pause (bad input, missing scope, a busy database) is thrown at once, not in the
 * promise, so a door's busy retry (doors/busy-retry.ts) can run the call again as it does for the rest.
 */
export function dispatchAsync<N extends OpName>(engine: Engine, name: N | string, rawInput: unknown, ctx: CallContext): OpOutput<N> | Promise<OpOutput<N>> {
  return (invoke(engine, name, rawInput, ctx) as { result: OpOutput<N> | Promise<OpOutput<N>> }).result;
}

/**
 * Like dispatch, but a call that changes what is allowed or contained (as its operation declares, from
 * its checked input) is handed to `hold` instead of running: keys that need an analyst's approval.
 * `hold` records its own audit entry.
 */
export function dispatchOrHold<N extends OpName, H>(engine: Engine, name: N | string, rawInput: unknown, ctx: CallContext, hold: (name: OpName, input: unknown) => H): { result: OpOutput<N> } | { held: H } {
  return invoke(engine, name, rawInput, ctx, hold) as { result: OpOutput<N> } | { held: H };
}

function invoke(engine: Engine, name: string, rawInput: unknown, ctx: CallContext, hold?: (name: OpName, input: unknown) => unknown): { result: unknown } | { held: unknown } {
  try {
    if (!isOpName(name)) throw new UserError('not_found', `unknown operation '${name}'`, 'operation');
    const op = operations[name];
    if (!hasScope(ctx.scopes, op.scope)) throw new UserError('forbidden', `operation '${name}' needs scope '${op.scope}'`, 'scope');
    if ('localFiles' in op && op.localFiles && !ctx.localFiles) throw new UserError('forbidden', `operation '${name}' reads files on this machine: only the threatmatic CLI may call it`, 'operation');
    const parsed = op.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error), String(parsed.error.issues[0]?.path[0] ?? ''));
    if (hold && changesAccess(op, parsed.data)) return { held: hold(name, parsed.data) };
    const handler = handlers[name] as Handler<OpName>;
    const mark = ctx.auditCalls && !op.annotations.readOnly ? engine.audit.store.headSeq() : 0;
    const finish = (result: unknown) => {
      if (ctx.auditCalls && (op.annotations.readOnly || !engine.audit.store.hasEntryBy(ctx.actor, mark))) engine.audit.append({ actor: ctx.actor, action: name, params: recordableInput(op, rawInput), outcome: 'ok' });
      return result;
    };
    const result: unknown = handler(engine, parsed.data as never, ctx, dispatch as Dispatch);
    // A write that waited for another process's batches has had its turn (writer-turns.ts).
    engine.sql.turns.served();
    if (!isPromise(result)) return { result: finish(result) };
    // An asynchronous handler's outcome is recorded when it settles, by the same rules.
    return { result: result.then(finish, (err: unknown) => { refused(engine, ctx.actor, name, rawInput, err); throw err; }) };
  } catch (err) {
    // Another process holds the lock: batch writers there let this caller's retry in first (writer-turns.ts).
    if (isBusyError(err)) engine.sql.turns.waiting();
    refused(engine, ctx.actor, name, rawInput, err);
    throw err;
  }
}

const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

/**
 * Every refusal and failure is on the record, whichever door the call came through (CLI, console, IPC,
 * MCP). A busy database is not a refusal yet: the door retries, and audits only the final outcome.
 */
function refused(engine: Engine, actor: Actor, name: string, rawInput: unknown, err: unknown): void {
  if (!isBusyError(err)) recordRefusal(engine, actor, name, rawInput, err);
}

/** auditRefusal for a call that is failing anyway: a store that cannot take the entry (disk full, damaged) must not hide the fault the caller needs to see. */
function recordRefusal(engine: Engine, actor: Actor, action: string, rawInput: unknown, err: unknown): void {
  try {
    auditRefusal(engine, actor, action, rawInput, err);
  } catch (auditErr) {
    engine.log.warn('could not record a refused call in the audit log', { action, error: String(auditErr) });
  }
}

/** Records a refused or failed call: 'denied' for a missing scope or key, 'error' (with the message) otherwise. */
export function auditRefusal(engine: Engine, actor: Actor, action: string, rawInput: unknown, err: unknown): void {
  const user = err instanceof UserError ? err : null;
  engine.audit.append({
    actor, action, params: recordableInput(isOpName(action) ? operations[action] : undefined, rawInput), outcome: user?.code === 'forbidden' ? 'denied' : 'error',
    detail: user ? { code: user.code, message: user.message, ...(user.field ? { field: user.field } : {}) } : { code: 'internal', message: err instanceof Error ? err.message : String(err) },
  });
}
