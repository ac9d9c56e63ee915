// The count of held agent calls beside "Approvals" in the navigation. Decisions and policy changes arrive
// on the live event feed; a held call raises no engine event yet, so the count is also re-read every few
// seconds until the pushed feed carries holds.
import { useEffect } from 'react';
import { useOpQuery } from '../../store/use-op-query';
import { useLiveReload } from '../../store/use-live';

export const PENDING_KEY = 'approvals.pending';
const REREAD_MS = 3000;

export function ApprovalsBadge() {
  const q = useOpQuery(PENDING_KEY, 'approvals.list', { status: 'pending', limit: 100, offset: 0 });
  useLiveReload(['audit', 'policy'], q.reload);
  useEffect(() => {
    const timer = window.setInterval(q.reload, REREAD_MS);
    return () => window.clearInterval(timer);
  }, [q.reload]);
  const n = q.data?.total ?? 0;
  if (n === 0) return null;
  // The link's accessible name carries the number: "Approvals, 2 pending".
  return (
    <>
      <span className="nav-count" data-testid="approvals-count" aria-hidden="true">{n}</span>
      <span className="sr-only">, {n} pending</span>
    </>
  );
}
