// What an operation's engine handler receives (the call context) and returns, and which handlers are
// asynchronous: apart from the handler table, so handlers.ts, admin-handlers.ts and dispatch share it without cycles.
import type { OpName, OpOutput, OpParsedInput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { Scope } from '@shared/domain/enums';
import type { Engine } from './engine';

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

/** Operations whose handler returns a promise (they stream a file or wait for a running ingest): doors call them with dispatchAsync. */
export const ASYNC_OPS = ['ingest.file', 'db.rebuildDerived'] as const satisfies readonly OpName[];
export type AsyncOpName = (typeof ASYNC_OPS)[number];

/** dispatch itself, handed to every handler so one that runs another operation (an approval) need not import it. */
export type Dispatch = (engine: Engine, name: string, input: unknown, ctx: CallContext) => unknown;

/** Runs one operation as `ctx`'s caller, through dispatch (parsed, scope-checked, audited): how a service runs another operation (an approved call). */
export type RunAs = (operation: string, input: unknown, ctx: CallContext) => unknown;

export type Handler<N extends OpName> = (engine: Engine, input: OpParsedInput<N>, ctx: CallContext, dispatch: Dispatch) => N extends AsyncOpName ? Promise<OpOutput<N>> : OpOutput<N>;
export type Handlers<K extends OpName = OpName> = { [N in K]: Handler<N> };
