// Results of operation calls, keyed by what asked for them: loading/ready/error state, the input used,
// and a sequence number so a slow, stale answer never overwrites a newer one.
import type { StateCreator } from 'zustand';
import type { OpInput, OpName, OpOutput } from '@shared/contract/index';
import { ApiError } from '../api/api-error';
import type { StoreState } from './index';

type QueryStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface QueryEntry<T = unknown> {
  status: QueryStatus;
  data?: T;
  error?: ApiError;
  /** When the last answer arrived (ms since epoch, for "updated …" labels). */
  updatedAt?: number;
  seq: number;
}

export interface QuerySlice {
  queries: Record<string, QueryEntry>;
  /** Runs `name` with `input` and stores the outcome under `key`; resolves when done (never rejects). */
  runQuery<N extends OpName>(key: string, name: N, input: OpInput<N>): Promise<void>;
  clearQuery(key: string): void;
}

let nextSeq = 0;

export const createQuerySlice: StateCreator<StoreState, [], [], QuerySlice> = (set, get) => ({
  queries: {},
  async runQuery(key, name, input) {
    const api = get().api;
    if (!api) return;
    const seq = ++nextSeq;
    const prev = get().queries[key];
    // Keep showing the previous data while the next page or filter loads: no flicker in dense tables.
    set((s) => ({ queries: { ...s.queries, [key]: { ...prev, status: 'loading', error: undefined, seq } } }));
    try {
      const data = await api.call(name, input);
      if (get().queries[key]?.seq !== seq) return;
      set((s) => ({ queries: { ...s.queries, [key]: { status: 'ready', data, updatedAt: Date.now(), seq } } }));
    } catch (err) {
      if (get().queries[key]?.seq !== seq) return;
      const error = err instanceof ApiError ? err : new ApiError({ code: 'internal', message: (err as Error).message || String(err) });
      if (error.code === 'unauthorized') get().setAuthProblem('rejected');
      set((s) => ({ queries: { ...s.queries, [key]: { ...s.queries[key], status: 'error', error, seq } } }));
    }
  },
  clearQuery(key) {
    set((s) => {
      const { [key]: _dropped, ...rest } = s.queries;
      return { queries: rest };
    });
  },
});

/** One shared object for "never asked", so store selectors return a stable value. */
const IDLE: QueryEntry = Object.freeze({ status: 'idle', seq: 0 }) as QueryEntry;

/** The typed view of a stored query. */
export function queryOf<N extends OpName>(queries: Record<string, QueryEntry>, key: string): QueryEntry<OpOutput<N>> {
  return (queries[key] ?? IDLE) as QueryEntry<OpOutput<N>>;
}
