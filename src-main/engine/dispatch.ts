// Runs one contract operation: parse the input with its schema, check the caller's scope, call the
// engine handler. Every door (IPC, HTTP, MCP, CLI) goes through here, so none of them holds logic.
import { changesAccess, recordableInput } from '@shared/contract/define';
import { operations, isOpName, type OpName, type OpOutput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { Scope } from '@shared/domain/enums';
import type { z } from 'zod';
import type { CallContext } from './call-context';
import { isBusyError } from './db/busy';
import { UserError } from './errors';
import type { Engine } from './engine';
import { handlers, type Handler } from './handlers';

export type { CallContext } from './call-context';

export function hasScope(scopes: readonly Scope[] | undefined, needed: Scope): boolean {
  return scopes === undefined || scopes.includes('admin') || scopes.includes(needed);
}

/** Turns a zod failure into one message naming every bad field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
}

export function dispatch<N extends OpName>(engine: Engine, name: N | string, rawInput: unknown, ctx: CallContext): OpOutput<N> {
  return (invoke(engine, name, rawInput, ctx) as { result: OpOutput<N> }).result;
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
    const parsed = op.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error), String(parsed.error.issues[0]?.path[0] ?? ''));
    if (hold && changesAccess(op, parsed.data)) return { held: hold(name, parsed.data) };
    const handler = handlers[name] as Handler;
    if (!ctx.auditCalls) return { result: handler(engine, parsed.data, ctx, dispatch) };
    const mark = op.annotations.readOnly ? 0 : engine.audit.store.headSeq();
    const result = handler(engine, parsed.data, ctx, dispatch);
    if (op.annotations.readOnly || !engine.audit.store.hasEntryBy(ctx.actor, mark)) engine.audit.append({ actor: ctx.actor, action: name, params: recordableInput(op, rawInput), outcome: 'ok' });
    return { result };
  } catch (err) {
    // Every refusal and failure is on the record, whichever door the call came through (CLI, console,
    // IPC, MCP). A busy database is not a refusal yet: the door retries, and audits only the final outcome.
    if (!isBusyError(err)) recordRefusal(engine, ctx.actor, name, rawInput, err);
    throw err;
  }
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
