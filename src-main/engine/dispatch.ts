// Runs one contract operation: parse the input with its schema, check the caller's scope, call the
// engine handler. Every door (IPC, HTTP, MCP, CLI) goes through here, so none of them holds logic.
import { operations, isOpName, type OpName, type OpOutput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { Scope } from '@shared/domain/enums';
import type { z } from 'zod';
import { UserError } from './errors';
import type { Engine } from './engine';
import { handlers } from './handlers';

export interface CallContext {
  actor: Actor;
  /** The caller's scopes; undefined means a local trusted door (the analyst's own console or CLI). */
  scopes?: readonly Scope[];
}

export function hasScope(scopes: readonly Scope[] | undefined, needed: Scope): boolean {
  return scopes === undefined || scopes.includes('admin') || scopes.includes(needed);
}

/** Turns a zod failure into one message naming every bad field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
}

export function dispatch<N extends OpName>(engine: Engine, name: N | string, rawInput: unknown, ctx: CallContext): OpOutput<N> {
  if (!isOpName(name)) throw new UserError('not_found', `unknown operation '${name}'`, 'operation');
  const op = operations[name];
  if (!hasScope(ctx.scopes, op.scope)) throw new UserError('forbidden', `operation '${name}' needs scope '${op.scope}'`, 'scope');
  const parsed = op.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw new UserError('invalid_input', describeIssues(parsed.error), String(parsed.error.issues[0]?.path[0] ?? ''));
  const handler = handlers[name] as (engine: Engine, input: unknown, ctx: CallContext) => OpOutput<N>;
  return handler(engine, parsed.data, ctx);
}
