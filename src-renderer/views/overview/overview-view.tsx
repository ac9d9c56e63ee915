// Overview: fleet counts, telemetry by kind, intel indicators and hits, rejects, database size and data span.
import type { Stats } from '@shared/contract/index';
import { fmtBytes, fmtDuration, fmtInt, fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { StatTile } from '../../components/stat-tile';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { Fields } from '../../components/drawer';
import { useStore } from '../../store/index';
import { PostureTrend } from './posture-trend';
import './overview.css';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';

export function OverviewView() {
  const q = useOpQuery('overview.stats', 'system.stats', {});
  useLiveReload(['ingest', 'anomaly', 'incident', 'policy', 'asset'], q.reload);
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Overview" subtitle="Fleet, telemetry and threat intelligence at a glance" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {q.data ? <OverviewBody s={q.data} /> : q.status !== 'error' ? <Loading what="statistics" /> : null}
    </section>
  );
}

function OverviewBody({ s }: { s: Stats }) {
  const navigate = useStore((st) => st.navigate);
  const kinds = Object.entries(s.events_by_kind).sort((a, b) => b[1] - a[1]);
  const maxKind = Math.max(1, ...kinds.map(([, n]) => n));
  const attributed = s.events - s.unattributed_events;
  const spanMs = s.first_event_at && s.last_event_at ? Date.parse(s.last_event_at) - Date.parse(s.first_event_at) : null;
  return (
    <>
      <div className="tiles" data-testid="overview-tiles">
        <StatTile label="Devices" value={fmtInt(s.devices)} onOpen={() => navigate('devices')} />
        <StatTile label="Users" value={fmtInt(s.users)} onOpen={() => navigate('users')} />
        <StatTile label="Workloads" value={fmtInt(s.workloads)} onOpen={() => navigate('workloads')} />
        <StatTile label="Events" value={fmtInt(s.events)} detail={s.events ? `${fmtInt(attributed)} attributed` : 'none ingested'} />
        <StatTile label="Indicators" value={fmtInt(s.indicators)} detail={`${fmtInt(s.feeds)} feed${s.feeds === 1 ? '' : 's'}`} onOpen={() => navigate('intel')} />
        <StatTile label="Intel hits" value={fmtInt(s.intel_hits)} tone={s.intel_hits > 0 ? 'danger' : undefined} detail="telemetry matching indicators" />
        <StatTile label="Rejected lines" value={fmtInt(s.rejects)} tone={s.rejects > 0 ? 'warn' : undefined} detail={`${fmtInt(s.ingest_sources)} file${s.ingest_sources === 1 ? '' : 's'} ingested`} onOpen={() => navigate('ingest')} />
      </div>
      <PostureTrend />
      <div className="panels">
        <section className="panel" aria-labelledby="kinds-title">
          <h2 id="kinds-title" className="panel-title">Events by kind</h2>
          {kinds.length === 0 ? (
            <EmptyState title="No telemetry yet">Ingest a telemetry file with <code>threatmatic ingest FILE</code>.</EmptyState>
          ) : (
            <ul className="bars">
              {kinds.map(([kind, n]) => (
                <li key={kind} className="bar-row">
                  <span className="bar-label">{label(kind)}</span>
                  <span className="bar-track" aria-hidden="true">
                    <span className="bar-fill" style={{ width: `${Math.max(0.5, (n / maxKind) * 100)}%` }} />
                  </span>
                  <span className="bar-value">{fmtInt(n)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="data-title">
          <h2 id="data-title" className="panel-title">Data</h2>
          <Fields
            rows={[
              ['Data span', s.first_event_at ? `${fmtTime(s.first_event_at)} → ${fmtTime(s.last_event_at)}` : 'no events'],
              ['Span length', spanMs === null ? '—' : fmtDuration(0, spanMs)],
              ['Unattributed events', s.events ? `${fmtInt(s.unattributed_events)} (${((s.unattributed_events / s.events) * 100).toFixed(1)} %)` : '—'],
              ['Database size', fmtBytes(s.db_size_bytes)],
              ['Schema version', String(s.schema_version)],
              ['Audit entries', fmtInt(s.audit_entries)],
              ['Data folder', <code key="dir" className="path">{s.data_dir}</code>],
            ]}
          />
        </section>
      </div>
    </>
  );
}
