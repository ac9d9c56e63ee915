// A form's hook for one write: runs it, keeps busy and the engine's error (code, message, field) to show.
import { useCallback, useState } from 'react';
import { ApiError } from '../api/index';
import { useStore } from './index';
import type { ApiClient } from '../api/index';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(fn: (api: ApiClient) => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn(useStore.getState().api!);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, error };
}
