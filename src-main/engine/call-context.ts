// What a call carries besides its input: who makes it, with which scopes, through which door. Its own file,
// with no engine import, so services handed a run callback (approvals) can name it without a cycle through
// the engine and its handlers.
import type { Actor } from '@shared/domain/actor';
import type { Scope } from '@shared/domain/enums';

/** Who calls an operation and through what: every door builds one per call (dispatch.ts runs it). */
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
  /** Set only by the CLI, run by this machine's own user: it may call operations that read files here (Operation.localFiles). */
  localFiles?: boolean;
  /** Where a long operation (ingest, simulate) reports progress, for a door that shows it; the update's shape is the operation's. */
  progress?: (update: unknown) => void;
  /** Told when the call waits for another process (a running ingest), so a person knows why nothing happens yet. */
  onWait?: (message: string) => void;
}

/** Runs one operation as `ctx`'s caller, through dispatch (parsed, scope-checked, audited): how a service runs another operation (an approved call). */
export type RunAs = (operation: string, input: unknown, ctx: CallContext) => unknown;

