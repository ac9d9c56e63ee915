// A screen's hook for live data: keeps event polling on while it is shown and reloads when events of
// the given types arrive.
import { useEffect, useRef } from 'react';
import type { EventType } from '@shared/domain/enums';
import { useStore } from './index';

export function useLiveReload(types: readonly EventType[], reload: () => void): void {
  const startLive = useStore((s) => s.startLive);
  const version = useStore((s) => types.reduce((n, t) => n + (s.liveVersions[t] ?? 0), 0));
  const seen = useRef(version);
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => startLive(), [startLive]);
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    reloadRef.current();
  }, [version]);
}
