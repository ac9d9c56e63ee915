// Approvals: the agent calls held for an analyst (keys created with --require-approval), newest first,
// each decided here; the list follows the live event feed.
import { useState } from 'react';
import { APPROVAL_STATUSES, type ApprovalView } from '@shared/contract/operations/approvals';
import { EnumFilter } from '../../components/filters';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ListResult } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { containmentChanged } from '../response/use-containment';
import { ApprovalCard } from './approval-card';
import { PENDING_KEY } from './approvals-badge';
import '../response/response.css';
import './approvals.css';

type Status = (typeof APPROVAL_STATUSES)[number];

export function ApprovalsView() {
  const [status, setStatus] = useState<Status | undefined>('pending');
  const [page, setPage] = useState({ limit: 50, offset: 0 });
  const q = useOpQuery('approvals.list', 'approvals.list', { status: status ?? 'all', ...page });
  useLiveReload(['audit', 'policy'], q.reload);
  const decided = (_a: ApprovalView) => {
    q.reload();
    void useStore.getState().runQuery(PENDING_KEY, 'approvals.list', { status: 'pending', limit: 100, offset: 0 });
    containmentChanged();
  };
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Approvals" subtitle="Agent calls that change containment or access, held for an analyst's decision" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <div className="toolbar" role="search">
        <EnumFilter label="Status" value={status} options={APPROVAL_STATUSES} onChange={(s) => { setStatus(s); setPage({ ...page, offset: 0 }); }} />
      </div>
      <ListResult q={q} what="approvals" page={{ ...page, onChange: (p) => setPage({ ...page, ...p }) }} empty={<EmptyState title={status === 'pending' ? 'Nothing waits for approval' : 'No approval matches'}>Keys created with <code>threatmatic keys create --require-approval</code> hold their isolate, block and suspend calls here.</EmptyState>}>
        {(data) => (
          <div className="approvals">
            {data.approvals.map((a) => <ApprovalCard key={a.approval_id} approval={a} onDecided={decided} />)}
          </div>
        )}
      </ListResult>
    </section>
  );
}
