// Workloads: servers, containers, VMs and cloud functions, with their images and addresses.
import type { Workload } from '@shared/domain/inventory';
import { WORKLOAD_KINDS } from '@shared/domain/enums';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter, SearchBox } from '../../components/filters';
import { fmtAgo, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ListResult } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';

const columns: Column<Workload>[] = [
  {
    key: 'workload',
    header: 'Workload',
    max: 'lg',
    sort: (w) => (w.name ?? w.workload_id).toLowerCase(),
    render: (w) => (
      <span className="two-line" title={`${w.name ?? w.workload_id}\n${w.workload_id}`}>
        <span className="primary">{w.name ?? w.workload_id}</span>
        <span className="secondary mono">{w.workload_id}</span>
      </span>
    ),
  },
  { key: 'kind', header: 'Kind', sort: (w) => w.kind, render: (w) => label(w.kind) },
  { key: 'image', header: 'Image', sort: (w) => w.image, kind: 'mono', max: 'lg', render: (w) => (w.image ? <span title={w.image}>{w.image}</span> : '—') },
  { key: 'runtime', header: 'Runtime', sort: (w) => w.runtime, max: 'md', render: (w) => w.runtime ?? '—' },
  { key: 'owner', header: 'Owner', sort: (w) => w.owner, max: 'md', render: (w) => (w.owner ? <span title={w.owner}>{w.owner}</span> : '—') },
  { key: 'ips', header: 'IP addresses', kind: 'mono', max: 'md', render: (w) => (w.ip_addresses.length ? <span title={w.ip_addresses.join('\n')}>{w.ip_addresses.join(', ')}</span> : '—') },
  { key: 'seen', header: 'Last seen', sort: (w) => w.last_seen, render: (w) => <span title={w.last_seen ?? 'never'}>{fmtAgo(w.last_seen)}</span> },
];

export function WorkloadsView() {
  const query = useStore((s) => s.workloadQuery);
  const setQuery = useStore((s) => s.setWorkloadQuery);
  const q = useOpQuery('workloads.list', 'inventory.listWorkloads', query);
  useLiveReload(['ingest', 'policy'], q.reload);
  const filtered = Boolean(query.search || query.kind);
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Workloads" subtitle="Servers, containers, VMs and cloud functions" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <div className="toolbar" role="search">
        <SearchBox label="Search workloads" placeholder="Search id, name or image" value={query.search ?? ''} onChange={(search) => setQuery({ search: search || undefined })} />
        <EnumFilter label="Kind" value={query.kind} options={WORKLOAD_KINDS} onChange={(kind) => setQuery({ kind })} />
      </div>
      <ListResult q={q} what="workloads" page={{ limit: query.limit, offset: query.offset, onChange: setQuery }} empty={<EmptyState title={filtered ? 'No workload matches these filters' : 'No workloads yet'}>{filtered ? 'Change the search or the kind filter.' : 'Workloads come from the inventory import.'}</EmptyState>}>
        {(data) => <DataTable caption="Workloads" columns={columns} rows={data.workloads} rowKey={(w) => w.workload_id} busy={q.status === 'loading'} />}
      </ListResult>
    </section>
  );
}
