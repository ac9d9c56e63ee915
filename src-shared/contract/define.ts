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
  /** Its MCP tool, where it is one: name and description exactly as the spec writes them. */
  mcp?: { tool: string; description: string };
}

export function defineOperation<I extends z.ZodType, O extends z.ZodType, const N extends string>(op: Operation<I, O, N>): Operation<I, O, N> {
  return op;
}

export const READ_ONLY: OperationAnnotations = { readOnly: true, destructive: false, idempotent: true };
