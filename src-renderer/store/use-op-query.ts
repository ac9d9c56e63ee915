// A view's hook for "show the result of this operation with this input": runs it when the input
// changes (or on reload) and returns the stored entry, typed by the contract.
import { useCallback, useEffect } from 'react';
import type { OpInput, OpName, OpOutput } from '@shared/contract/index';
import { compact } from './list-query';
import { queryOf, type QueryEntry } from './query-slice';
import { useStore } from './index';

export function useOpQuery<N extends OpName>(key: string, name: N, input: OpInput<N>): QueryEntry<OpOutput<N>> & { reload(): void } {
  const runQuery = useStore((s) => s.runQuery);
  const hasApi = useStore((s) => s.api !== null);
  const entry = useStore((s) => queryOf<N>(s.queries, key));
  const inputKey = JSON.stringify(compact(input as object));
  const reload = useCallback(() => {
    void runQuery(key, name, JSON.parse(inputKey) as OpInput<N>);
  }, [runQuery, key, name, inputKey]);
  useEffect(() => {
    if (hasApi) reload();
  }, [hasApi, reload]);
  return { ...entry, reload };
}
