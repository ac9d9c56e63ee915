// The sidebar's connection line: whether engine events are arriving, and a clear "unreachable" state when
// the console server (or the push channel) is down, instead of a dot that stays green.
import { useEffect } from 'react';
import { useStore } from '../store/index';

export function ServerStatus() {
  const transport = useStore((s) => s.api?.transport);
  const status = useStore((s) => s.liveStatus);
  const error = useStore((s) => s.liveError);
  const startLive = useStore((s) => s.startLive);
  // The shell keeps live updates on, so the status is known on every screen.
  useEffect(() => startLive(), [startLive]);
  const where = transport === 'electron' ? 'Desktop engine' : 'Local console server';
  const text = status === 'down' ? `${where} unreachable` : status === 'live' ? `${where}: live` : `${where}: connecting…`;
  return (
    <div className="sidebar-foot" role="status" data-status={status} title={status === 'down' ? (error ?? undefined) : undefined}>
      <span className={`status-dot status-${status}`} aria-hidden="true" />
      {text}
    </div>
  );
}
