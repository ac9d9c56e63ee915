// The type of an operation's engine handler, and which handlers are asynchronous: apart from the handler
// table, so the files holding handlers (handlers.ts, admin-handlers.ts) and dispatch share it without cycles.
import type { OpName, OpOutput, OpParsedInput } from '@shared/contract/index';
import type { CallContext } from './dispatch';
import type { Engine } from './engine';

/** Operations whose handler returns a promise (they stream a file or wait for a running ingest): doors call them with dispatchAsync. */
export const ASYNC_OPS = ['ingest.file', 'db.rebuildDerived'] as const satisfies readonly OpName[];
export type AsyncOpName = (typeof ASYNC_OPS)[number];

export type Handler<N extends OpName> = (engine: Engine, input: OpParsedInput<N>, ctx: CallContext) => N extends AsyncOpName ? Promise<OpOutput<N>> : OpOutput<N>;
export type Handlers<K extends OpName = OpName> = { [N in K]: Handler<N> };
