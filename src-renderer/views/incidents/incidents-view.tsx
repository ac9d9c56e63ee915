// Incidents: related anomalies grouped into cases, open first; a drawer with the timeline and member
// anomalies, where an analyst contains or closes one with its resolution.
import { useCallback } from 'react';
import type { IncidentView } from '@shared/contract/operations/incidents-schemas';
import { INCIDENT_STATUSES, SEVERITIES } from '@shared/domain/enums';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { EnumFilter } from '../../components/filters';
import { fmtAgo, fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ListResult } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { incidentStatusTone, severityTone } from '../anomalies/triage-tones';
import { IncidentDrawer } from './incident-drawer';
import './incidents.css';

const columns: Column<IncidentView>[] = [
  { key: 'severity', header: 'Severity', sort: (i) => ({ critical: 4, high: 3, medium: 2, low: 1, info: 0 } as Record<string, number>)[i.severity] ?? 0, render: (i) => <Badge tone={severityTone[i.severity]}>{label(i.severity)}</Badge> },
  { key: 'title', header: 'Incident', sort: (i) => i.title.toLowerCase(), max: 'lg', render: (i) => (
    <span className="two-line" title={`${i.title}\n${i.id}`}>
      <span className="primary">{i.title}</span>
      <span className="secondary mono">{i.id}</span>
    </span>
  ) },
  { key: 'status', header: 'Status', sort: (i) => i.status, render: (i) => <Badge tone={incidentStatusTone[i.status]}>{label(i.status)}</Badge> },
  { key: 'anomalies', header: 'Anomalies', sort: (i) => i.anomaly_count, kind: 'num', render: (i) => String(i.anomaly_count) },
  { key: 'entities', header: 'Entities', kind: 'num', render: (i) => String(i.entities.filter((e) => e.role !== 'target').length) },
  { key: 'activity', header: 'Last activity', sort: (i) => i.last_activity_at, render: (i) => <span title={fmtTime(i.last_activity_at)}>{fmtAgo(i.last_activity_at)}</span> },
  { key: 'opened', header: 'Opened', sort: (i) => i.opened_at, render: (i) => fmtTime(i.opened_at) },
];

export function IncidentsView() {
  const query = useStore((s) => s.incidentQuery);
  const setQuery = useStore((s) => s.setIncidentQuery);
  const openId = useStore((s) => s.openIncidentId);
  const openIncident = useStore((s) => s.openIncident);
  const q = useOpQuery('incidents.list', 'incidents.list', query);
  useLiveReload(['incident'], q.reload);
  const close = useCallback(() => openIncident(null), [openIncident]);
  const filtered = Boolean(query.status || query.severity);

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Incidents" subtitle="Related anomalies grouped into cases: by entity, shared indicator or lateral spread" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      <div className="toolbar" role="search">
        <EnumFilter label="Status" value={query.status} options={INCIDENT_STATUSES} onChange={(status) => setQuery({ status })} />
        <EnumFilter label="Severity" value={query.severity} options={SEVERITIES} onChange={(severity) => setQuery({ severity })} />
        {filtered ? <button type="button" className="btn btn-ghost" onClick={() => setQuery({ status: undefined, severity: undefined })}>Clear filters</button> : null}
      </div>
      <ListResult q={q} what="incidents" page={{ limit: query.limit, offset: query.offset, onChange: setQuery }} empty={filtered ? <EmptyState title="No incident matches these filters">Change or clear the filters.</EmptyState> : <EmptyState title="No incidents">Anomalies of medium severity or worse (and any threat-intel match) open incidents; related ones join them.</EmptyState>}>
        {(data) => <DataTable caption="Incidents" columns={columns} rows={data.incidents} rowKey={(i) => i.id} onOpen={(i) => openIncident(i.id)} selectedKey={openId} busy={q.status === 'loading'} />}
      </ListResult>
      {openId ? <IncidentDrawer id={openId} onClose={close} onChanged={q.reload} /> : null}
    </section>
  );
}
