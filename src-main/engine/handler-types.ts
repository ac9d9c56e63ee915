// The type of an operation's engine handler, apart from the handler table so files holding handlers
// (handlers.ts, admin-handlers.ts) and dispatch share it without importing each other.
import type { OpName, OpOutput, OpParsedInput } from '@shared/contract/index';
import type { CallContext } from './dispatch';
import type { Engine } from './engine';

/** Operations whose handler returns a promise (they stream a file or wait for a running ingest): doors call them with dispatchAsync. */
export type AsyncOpName = 'ingest.file' | 'db.rebuildDerived';

export type Handler<N extends OpName> = (engine: Engine, input: OpParsedInput<N>, ctx: CallContext) => N extends AsyncOpName ? Promise<OpOutput<N>> : OpOutput<N>;
export type Handlers<K extends OpName = OpName> = { [N in K]: Handler<N> };
