// Posture, the console's home: the fleet score with its band and trend, the dimensions and factors
// behind it, devices at risk, compliance per framework, and a live feed of what just happened.
import type { FleetPosture } from '@shared/contract/operations/posture-fleet';
import { Badge } from '../../components/badge';
import { DataTable, type Column } from '../../components/data-table';
import { fmtInt, fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { StatTile } from '../../components/stat-tile';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { useStore } from '../../store/index';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { CompliancePills } from './compliance-panel';
import { DimensionsPanel } from './dimensions-panel';
import { ActiveIncidents, BandCounts } from './fleet-risk-panel';
import { LiveFeed } from './live-feed';
import { ScoreGauge } from './score-gauge';
import './posture.css';

type AtRisk = FleetPosture['devices_at_risk'][number];

function openDevice(id: string): void {
  const s = useStore.getState();
  s.setDeviceQuery({ search: id });
  s.openDevice(id);
  s.navigate('devices');
}

const riskColumns: Column<AtRisk>[] = [
  { key: 'device', header: 'Device', kind: 'mono', max: 'lg', render: (d) => <span title={d.device_id}>{d.device_id}</span> },
  { key: 'risk', header: 'Risk', render: (d) => <Badge tone={d.risk === 'high' ? 'danger' : 'warn'}>{label(d.risk)}</Badge> },
  { key: 'reason', header: 'Main reason', render: (d) => label(d.reason) },
];

export function PostureView() {
  const q = useOpQuery('posture.fleet', 'posture.fleet', {});
  useLiveReload(['posture_change', 'anomaly', 'incident', 'policy'], q.reload);
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Posture" subtitle="The fleet's security posture, what drives it, and what is happening now" updatedAt={q.updatedAt} onRefresh={q.reload} busy={q.status === 'loading'} />
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {q.data ? <PostureBody f={q.data} /> : q.status !== 'error' ? <Loading what="fleet posture" /> : null}
    </section>
  );
}

function PostureBody({ f }: { f: FleetPosture }) {
  const navigate = useStore((s) => s.navigate);
  if (f.entities_assessed === 0) {
    return <EmptyState title="No posture yet">Posture is computed from the inventory and telemetry: import an inventory or run <code>threatmatic simulate</code>.</EmptyState>;
  }
  return (
    <>
      <div className="posture-top">
        <section className="panel gauge-panel" aria-label="Fleet score">
          <ScoreGauge score={f.score} band={f.band} trend={f.trend} />
          <p className="dim gauge-note">{fmtInt(f.entities_assessed)} devices and workloads assessed · {fmtTime(f.assessed_at)}</p>
          <BandCounts f={f} />
        </section>
        <div className="posture-side">
          <div className="tiles">
            <StatTile label="Active incidents" value={fmtInt(f.active_incidents)} tone={f.active_incidents > 0 ? 'danger' : 'ok'} detail="open or contained" onOpen={() => navigate('incidents')} />
            <StatTile label="Open anomalies" value={fmtInt(f.open_anomalies)} tone={f.open_anomalies > 0 ? 'warn' : 'ok'} detail="open or acknowledged" onOpen={() => navigate('anomalies')} />
            <StatTile label="Devices" value={fmtInt(f.device_count)} detail={`${fmtInt(f.devices_at_risk.length)} at risk${f.discovered_devices ? ` · ${fmtInt(f.discovered_devices)} discovered` : ''}`} onOpen={() => navigate('devices')} />
            <StatTile label="Policy violations" value={fmtInt(f.policy_violations_24h)} tone={f.policy_violations_24h > 0 ? 'warn' : undefined} detail="last 24 h" />
          </div>
          <ActiveIncidents f={f} />
          <section className="panel" aria-labelledby="compliance-title">
            <h2 id="compliance-title" className="panel-title">Compliance</h2>
            <CompliancePills compliance={f.compliance} />
          </section>
        </div>
      </div>
      <div className="panels">
        <DimensionsPanel fleet={f} />
        <section className="panel" aria-labelledby="risk-title">
          <h2 id="risk-title" className="panel-title">Devices at risk</h2>
          {f.devices_at_risk.length === 0 ? (
            <EmptyState title="No device at risk">Every device scores above 70.</EmptyState>
          ) : (
            <DataTable caption="Devices at risk" columns={riskColumns} rows={f.devices_at_risk} rowKey={(d) => d.device_id} onOpen={(d) => openDevice(d.device_id)} />
          )}
        </section>
      </div>
      <LiveFeed />
    </>
  );
}
