// What an operation's engine handler receives (the call context) and returns, and which handlers are
// asynchronous: apart from the handler table, so handlers.ts, admin-handlers.ts and dispatch share it without cycles.
import type { OpName, OpOutput, OpParsedInput } from '@shared/contract/index';
import type { CallContext } from './call-context';
import type { Engine } from './engine';

export type { CallContext,  } from './call-context';

/** Operations whose handler returns a promise (they stream a file or wait for a running ingest): doors call them with dispatchAsync. */
export const ASYNC_OPS = ['ingest.file', 'db.rebuildDerived', 'vulns.importFeed'] as const satisfies readonly OpName[];
export type AsyncOpName = (typeof ASYNC_OPS)[number];

/** dispatch itself, handed to every handler so one that runs another operation (an approval) need not import it. */
export type Dispatch = (engine: Engine, name: string, input: unknown, ctx: CallContext) => unknown;

export type Handler<N extends OpName> = (engine: Engine, input: OpParsedInput<N>, ctx: CallContext, dispatch: Dispatch) => N extends AsyncOpName ? Promise<OpOutput<N>> : OpOutput<N>;
export type Handlers<K extends OpName = OpName> = { [N in K]: Handler<N> };
