// The shape of one operation: declared once here, served by every door (IPC, HTTP, MCP).
import type { z } from 'zod';
import type { Scope } from '../domain/enums';

export interface OperationAnnotations {
  readOnly: boolean;
  destructive: boolean;
  idempotent: boolean;
}

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, N extends string = string> {
  /** `domain.verb`: the IPC channel and HTTP route name. */
  name: N;
  title: string;
  description: string;
  /** The Permission Scope a caller needs (admin implies all). */
  scope: Scope;
  annotations: OperationAnnotations;
  input: I;
  output: O;
  /**
   * Declared by every operation that changes what is allowed or contained (isolation, release, blocks,
   * exceptions, suspensions, policy rules): a call from a key created with --require-approval waits for
   * an analyst. `true` for every call; `when` for an operation that changes access only with some inputs
   * (close_incident releasing its devices), decided from the checked input. Such an operation is annotated
   * destructive: undoing containment or widening access is as consequential as imposing it.
   */
  changesAccess?: true | { when(input: z.output<I>): boolean };
  /**
   * Its input names files on the machine the engine runs on (it reads them there): only a door run by
   * that machine's own user, the `threatmatic` CLI, may call it. The console (HTTP, IPC) and MCP refuse
   * it as forbidden and do not list it, so a token or a compromised page cannot read the host's files.
   */
  localFiles?: true;
  /** Top-level input fields that are secrets: every audit entry of a call, refused ones included, records them as '(redacted)'. */
  secretFields?: readonly string[];
  /** Its MCP tool, where it is one: name and description exactly as the spec writes them. */
  mcp?: { tool: string; description: string };
  /**
   * Its REST route under /api/v1, where it has one: `{name}` segments of the path are input fields of
   * that name; GET and DELETE take the other fields from the query string, the rest from the JSON body.
   * The spec's endpoints are written here exactly as the spec names them.
   */
  rest?: { method: RestMethod; path: string };
}

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function defineOperation<I extends z.ZodType, O extends z.ZodType, const N extends string>(op: Operation<I, O, N>): Operation<I, O, N> {
  return op;
}

export const READ_ONLY: OperationAnnotations = { readOnly: true, destructive: false, idempotent: true };

/** Whether this call (its checked input) changes what is allowed or contained, per its operation's declaration. */
export function changesAccess(op: Pick<Operation, 'changesAccess'>, input: unknown): boolean {
  const decl = op.changesAccess;
  return decl === true || (decl !== undefined && decl.when(input));
}

/** The call's input as the audit log may keep it: the operation's secret fields replaced, the rest as sent. */
export function recordableInput(op: Pick<Operation, 'secretFields'> | undefined, input: unknown): unknown {
  if (!op?.secretFields?.length || typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const copy: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const field of op.secretFields) if (field in copy) copy[field] = '(redacted)';
  return copy;
}
