// AI assets: the agents and MCP servers in the registry, their status and last heartbeat, kept current by
// the live event stream (registrations, changes, retirements, an agent coming back) and a clock that ages
// "active" into "idle" without a reload.
import { useCallback, useEffect } from 'react';
import type { Asset } from '@shared/contract/operations/assets-schemas';
import { ASSET_KINDS, ASSET_STATUSES } from '@shared/domain/ai-assets';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter, SearchBox } from '../../components/filters';
import { fmtAgo, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ListResult } from '../../components/states';
import { assetStatusTone } from '../../components/tones';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { useLiveReload } from '../../store/use-live';
import { AssetDrawer } from './asset-drawer';
import { ApprovedAiServicesPanel } from '../shadow-ai/approved-services-panel';

/** Status is "active" for five minutes after an agent's last report: re-read on this beat so it ages on screen. */
const STATUS_REFRESH_MS = 30_000;

const describe = (a: Asset) => (a.kind === 'agent' ? [a.framework, a.models.join(', ')].filter(Boolean).join(' · ') : (a.url ?? a.command ?? label(a.transport ?? '')));

const columns: Column<Asset>[] = [
  {
    key: 'asset',
    header: 'Asset',
    max: 'lg',
    render: (a) => (
      <span className="two-line" title={`${a.name}\n${a.id}`}>
        <span className="primary">{a.name}</span>
        <span className="secondary mono">{a.id}</span>
      </span>
    ),
  },
  { key: 'kind', header: 'Kind', render: (a) => (a.kind === 'agent' ? 'Agent' : 'MCP server') },
  { key: 'status', header: 'Status', render: (a) => <Badge tone={assetStatusTone[a.status]}>{label(a.status)}</Badge> },
  { key: 'detail', header: 'Framework / endpoint', max: 'lg', render: (a) => <span title={describe(a)}>{describe(a) || '—'}</span> },
  { key: 'owner', header: 'Owner', max: 'md', render: (a) => a.owner ?? '—' },
  { key: 'seen', header: 'Last heartbeat', render: (a) => <span title={a.last_seen_at ?? 'never'}>{fmtAgo(a.last_seen_at)}</span> },
];

export function AssetsView() {
  const query = useStore((s) => s.assetQuery);
  const setQuery = useStore((s) => s.setAssetQuery);
  const openId = useStore((s) => s.openAssetId);
  const openAsset = useStore((s) => s.openAsset);
  const q = useOpQuery('assets.list', 'assets.list', query);
  useLiveReload(['asset'], q.reload);
  useEffect(() => {
    const timer = setInterval(q.reload, STATUS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [q.reload]);
  const close = useCallback(() => openAsset(null), [openAsset]);
  const filtered = Boolean(query.search || query.kind || query.status);
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="AI assets" subtitle="AI agents and the MCP servers they reach" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <div className="toolbar" role="search">
        <SearchBox label="Search AI assets" placeholder="Search name or owner" value={query.search ?? ''} onChange={(search) => setQuery({ search: search || undefined })} />
        <EnumFilter label="Kind" value={query.kind} options={ASSET_KINDS} onChange={(kind) => setQuery({ kind })} />
        <EnumFilter label="Status" value={query.status} options={ASSET_STATUSES} onChange={(status) => setQuery({ status })} />
      </div>
      <ListResult q={q} what="AI assets" page={{ limit: query.limit, offset: query.offset, onChange: setQuery }} empty={
        <EmptyState title={filtered ? 'No AI asset matches these filters' : 'No AI assets yet'}>
          {filtered ? 'Change the search or the filters.' : 'Agents appear here when they start with the ThreatVec SDK (ThreatVec.auto()), or register them with `threatmatic assets register` or POST /api/v1/assets.'}
        </EmptyState>
      }>
        {(data) => <DataTable caption="AI assets" columns={columns} rows={data.assets} rowKey={(a) => a.id} onOpen={(a) => openAsset(a.id)} selectedKey={openId} busy={q.status === 'loading'} />}
      </ListResult>
      <ApprovedAiServicesPanel />
      {openId ? <AssetDrawer assetId={openId} onClose={close} /> : null}
    </section>
  );
}
