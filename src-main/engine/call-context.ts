// What a call carries besides its input: who makes it, with which scopes, and whether every call goes on
// the record. Its own file so handlers, and the services they hand a run callback to, can name it
// without importing dispatch (which imports the handlers).
import type { Actor } from '@shared/domain/actor';
import type { Scope } from '@shared/domain/enums';

export interface CallContext {
  actor: Actor;
  /** The caller's scopes; undefined means a local trusted door (the analyst's own console or CLI). */
  scopes?: readonly Scope[];
  /**
   * Set by doors where every call must be on the record (MCP). The rule: one audit entry per call.
   * Writes audit themselves inside their transaction; dispatch adds the entry for reads (outcome ok)
   * and for a write that recorded nothing under the caller. Refusals and failures (denied/error) are
   * recorded for every door, with or without this flag.
   */
  auditCalls?: boolean;
}

/** Runs one operation as `ctx`'s caller, through dispatch (parsed, scope-checked, audited): how a service runs another operation (an approved call). */
export type RunAs = (operation: string, input: unknown, ctx: CallContext) => unknown;
