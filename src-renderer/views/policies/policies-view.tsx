// Policies: every policy (custom ones and those the response actions made), filtered by status, kind and
// name; a drawer with rules, enable/disable and the version history; an editor for new and custom
// policies with inline validation and a what-if before saving. Live: a policy change anywhere reloads it.
import { useCallback } from 'react';
import { POLICY_KINDS, POLICY_STATUSES, type Policy } from '@shared/contract/operations/policy-schemas';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter, SearchBox } from '../../components/filters';
import { fmtAgo, fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, ListResult } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { PolicyDrawer } from './policy-drawer';
import { PolicyEditor } from './policy-editor';
import { policyStatusTone } from './policy-tones';
import './policies.css';

const columns: Column<Policy>[] = [
  { key: 'name', header: 'Policy', max: 'lg', sort: (p) => p.name.toLowerCase(), render: (p) => (
    <span className="two-line" title={`${p.name}\n${p.policy_id}`}>
      <span className="primary">{p.name}</span>
      <span className="secondary mono">{p.policy_id}</span>
    </span>
  ) },
  { key: 'status', header: 'Status', sort: (p) => p.status, render: (p) => <Badge tone={policyStatusTone[p.status]}>{label(p.status)}</Badge> },
  { key: 'kind', header: 'Kind', sort: (p) => p.kind, render: (p) => label(p.kind) },
  { key: 'rules', header: 'Rules', kind: 'num', sort: (p) => p.rules.length, render: (p) => String(p.rules.length) },
  { key: 'version', header: 'Version', kind: 'num', sort: (p) => p.version, render: (p) => String(p.version) },
  { key: 'updated', header: 'Updated', sort: (p) => p.updated_at, render: (p) => <span title={fmtTime(p.updated_at)}>{fmtAgo(p.updated_at)}</span> },
];

export function PoliciesView() {
  const query = useStore((s) => s.policyQuery);
  const setQuery = useStore((s) => s.setPolicyQuery);
  const openId = useStore((s) => s.openPolicyId);
  const openPolicy = useStore((s) => s.openPolicy);
  const editor = useStore((s) => s.policyEditor);
  const editPolicy = useStore((s) => s.editPolicy);
  const q = useOpQuery('policy.list', 'policy.list', query);
  useLiveReload(['policy'], q.reload);
  const close = useCallback(() => openPolicy(null), [openPolicy]);
  const closeEditor = useCallback(() => editPolicy(null), [editPolicy]);
  const filtered = Boolean(query.status || query.kind || query.search);
  const saved = (id: string) => {
    editPolicy(null);
    openPolicy(id);
    q.reload();
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Policies" subtitle="Who may reach what: custom policies and those made by isolate, block, allow and suspend" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'}>
        <button type="button" className="btn btn-primary" onClick={() => editPolicy('new')}>New policy</button>
      </PageHeader>
      <div className="toolbar" role="search">
        <SearchBox label="Search policies" placeholder="Search name or id" value={query.search ?? ''} onChange={(search) => setQuery({ search: search || undefined })} />
        <EnumFilter label="Status" value={query.status} options={POLICY_STATUSES} onChange={(status) => setQuery({ status })} />
        <EnumFilter label="Kind" value={query.kind} options={POLICY_KINDS} onChange={(kind) => setQuery({ kind })} />
        {filtered ? <button type="button" className="btn btn-ghost" onClick={() => setQuery({ status: undefined, kind: undefined, search: undefined })}>Clear filters</button> : null}
      </div>
      <ListResult q={q} what="policies" page={{ limit: query.limit, offset: query.offset, onChange: setQuery }} empty={filtered ? <EmptyState title="No policy matches these filters">Change or clear the filters.</EmptyState> : <EmptyState title="No policies yet">Create one with New policy, or contain a device, destination or user from its screen.</EmptyState>}>
        {(data) => <DataTable caption="Policies" columns={columns} rows={data.policies} rowKey={(p) => p.policy_id} onOpen={(p) => openPolicy(p.policy_id)} selectedKey={openId} busy={q.status === 'loading'} />}
      </ListResult>
      {openId && !editor ? <PolicyDrawer id={openId} onClose={close} onChanged={q.reload} /> : null}
      {editor === 'new' ? <PolicyEditor policy={null} onClose={closeEditor} onSaved={saved} /> : editor ? <EditExisting key={editor} id={editor} onClose={closeEditor} onSaved={saved} /> : null}
    </section>
  );
}

/** The editor for a stored policy, once its current version has loaded (read fresh: it may have changed). */
function EditExisting({ id, onClose, onSaved }: { id: string; onClose(): void; onSaved(id: string): void }) {
  const q = useOpQuery(`policy.get:${id}`, 'policy.get', { policy_id: id });
  if (q.error) return <ErrorNotice error={q.error} onRetry={q.reload} />;
  return q.data?.policy_id === id ? <PolicyEditor policy={q.data} onClose={onClose} onSaved={onSaved} /> : null;
}
