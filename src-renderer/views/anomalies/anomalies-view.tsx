// Anomalies: every finding of the detectors, filtered by severity, type, entity and status, with a
// detail drawer to read the evidence and triage it (its URL #/anomalies/<id>). Reloads as anomaly events arrive.
import { useCallback, useEffect, useState } from 'react';
import type { AnomalyView } from '@shared/contract/operations/anomalies-schemas';
import { ANOMALY_STATUS_FILTERS } from '@shared/contract/operations/anomalies-list';
import { ANOMALY_TYPES, ENTITY_TYPES, SEVERITIES } from '@shared/domain/enums';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter, SearchBox } from '../../components/filters';
import { fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ListResult } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { AnomalyDrawer, openIncident } from './anomaly-drawer';
import { BulkDoneNotice, BulkTriageBar, type BulkDone } from './bulk-triage';
import { anomalyStatusTone, severityTone } from './triage-tones';
import '../incidents/incidents.css';

const columns: Column<AnomalyView>[] = [
  { key: 'severity', header: 'Severity', sort: (a) => ({ critical: 4, high: 3, medium: 2, low: 1, info: 0 } as Record<string, number>)[a.severity] ?? 0, render: (a) => <Badge tone={severityTone[a.severity]}>{label(a.severity)}</Badge> },
  { key: 'type', header: 'Type', sort: (a) => a.type, render: (a) => label(a.type) },
  {
    key: 'entity', header: 'Entity', sort: (a) => a.entity_id, max: 'md',
    render: (a) => (
      <span className="two-line" title={`${a.entity_type} ${a.entity_id}`}>
        <span className="primary mono">{a.entity_id}</span>
        <span className="secondary">{label(a.entity_type)}</span>
      </span>
    ),
  },
  { key: 'confidence', header: 'Confidence', sort: (a) => a.confidence, kind: 'num', render: (a) => `${Math.round(a.confidence * 100)} %` },
  { key: 'detected', header: 'Detected (UTC)', sort: (a) => a.detected_at, kind: 'mono', render: (a) => <span title={`${fmtTime(a.detected_at)}, last seen ${fmtTime(a.last_seen_at)}`}>{a.detected_at.slice(0, 16).replace('T', ' ')}</span> },
  { key: 'description', header: 'Description', max: 'lg', render: (a) => <span title={a.description}>{a.description}</span> },
  { key: 'action', header: 'Recommended', sort: (a) => a.recommended_action, render: (a) => label(a.recommended_action) },
  {
    key: 'incident', header: 'Incident', kind: 'mono',
    render: (a) => (a.incident_id ? (
      <button type="button" className="link-button" onClick={(e) => { e.stopPropagation(); openIncident(a.incident_id!); }} title={`Open incident ${a.incident_id}`}>…{a.incident_id.slice(-6)}</button>
    ) : '—'),
  },
];
const statusColumn: Column<AnomalyView> = { key: 'status', header: 'Status', sort: (a) => a.status, render: (a) => <Badge tone={anomalyStatusTone[a.status]}>{label(a.status)}</Badge> };

export function AnomaliesView() {
  const query = useStore((s) => s.anomalyQuery);
  const setQuery = useStore((s) => s.setAnomalyQuery);
  const q = useOpQuery('anomalies.list', 'anomalies.search', query);
  useLiveReload(['anomaly', 'incident'], q.reload);
  const [open, setOpen] = useState<AnomalyView | null>(null);
  const openId = useStore((s) => s.openAnomalyId);
  const openAnomaly = useStore((s) => s.openAnomaly);
  const close = useCallback(() => openAnomaly(null), [openAnomaly]);
  // The open anomaly follows the URL (#/anomalies/<id>): a row click sets both; a pasted link or back/forward loads it by id.
  useEffect(() => {
    if (!openId || open?.id === openId) return;
    let live = true;
    void useStore.getState().api?.call('anomalies.get', { anomaly_id: openId })
      .then((a) => { if (live) setOpen(a); }, () => { if (live) openAnomaly(null); });
    return () => { live = false; };
  }, [openId, open?.id, openAnomaly]);
  const changed = (a: AnomalyView) => {
    setOpen(a);
    q.reload();
  };
  const filtered = Boolean(query.severity || query.type || query.entity_type || query.entity_id || query.status !== 'open');
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [done, setDone] = useState<BulkDone | null>(null);
  const selected = q.data?.anomalies.filter((a) => ticked.has(a.id)) ?? [];
  const afterBulk = (d: BulkDone) => {
    setDone(d);
    setTicked(new Set());
    q.reload();
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Anomalies" subtitle="What the detectors found: severity, evidence and the recommended action" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <div className="toolbar" role="search">
        <SearchBox label="Entity id" placeholder="Exact entity id" value={query.entity_id ?? ''} onChange={(entity_id) => setQuery({ entity_id: entity_id.trim() || undefined })} />
        <EnumFilter label="Severity" value={query.severity} options={SEVERITIES} onChange={(severity) => setQuery({ severity })} />
        <EnumFilter label="Type" value={query.type} options={ANOMALY_TYPES} onChange={(type) => setQuery({ type })} />
        <EnumFilter label="Entity" value={query.entity_type} options={ENTITY_TYPES} onChange={(entity_type) => setQuery({ entity_type })} />
        <label className="filter">
          <span className="filter-label">Status</span>
          <select value={query.status} onChange={(e) => setQuery({ status: e.target.value as (typeof ANOMALY_STATUS_FILTERS)[number] })}>
            {ANOMALY_STATUS_FILTERS.map((s) => <option key={s} value={s}>{label(s)}</option>)}
          </select>
        </label>
        {filtered ? (
          <button type="button" className="btn btn-ghost" onClick={() => setQuery({ severity: undefined, type: undefined, entity_type: undefined, entity_id: undefined, status: 'open' })}>
            Clear filters
          </button>
        ) : null}
      </div>
      {done ? <BulkDoneNotice done={done} onShow={() => { setDone(null); setQuery({ status: done.status }); }} onUndone={() => { setDone(null); q.reload(); }} onDismiss={() => setDone(null)} /> : null}
      {selected.length ? <BulkTriageBar selected={selected} onDone={afterBulk} /> : null}
      <ListResult q={q} what="anomalies" page={{ limit: query.limit, offset: query.offset, onChange: setQuery }} empty={filtered ? <EmptyState title="No anomaly matches these filters">Change or clear the filters.</EmptyState> : <EmptyState title="No open anomalies">The detectors found nothing that needs attention.</EmptyState>}>
        {(data) => <DataTable caption="Anomalies" columns={query.status === 'all' ? [...columns.slice(0, -1), statusColumn, columns[columns.length - 1]] : columns} rows={data.anomalies} rowKey={(a) => a.id} onOpen={(a) => { setOpen(a); openAnomaly(a.id); }} selectedKey={openId ?? undefined} busy={q.status === 'loading'} checked={{ keys: ticked, onChange: setTicked, label: (a) => `${label(a.type)} on ${a.entity_id}` }} />}
      </ListResult>
      {open && open.id === openId ? <AnomalyDrawer anomaly={open} onClose={close} onChanged={changed} /> : null}
    </section>
  );
}
