// One incident: what it is about (entities with their role, indicators), its timeline of anomalies and
// actions, its member anomalies, and contain / close. Reloads as incident and anomaly events arrive.
import { BlockButton } from '../response/block-action';
import { useState } from 'react';
import type { IncidentDetailView } from '@shared/contract/operations/incidents-schemas';
import { Badge } from '../../components/badge';
import { Drawer, Fields } from '../../components/drawer';
import { fmtTime, label } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/states';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';
import { AnomalyDrawer, lookUpIndicator } from '../anomalies/anomaly-drawer';
import { anomalyStatusTone, incidentStatusTone, severityTone } from '../anomalies/triage-tones';
import { IncidentActions } from './close-incident-form';

const ROLE_TONE = { source: 'danger', affected: 'warn', target: 'neutral' } as const;
const MAX_TARGETS = 12;

export function IncidentDrawer({ id, onClose, onChanged }: { id: string; onClose(): void; onChanged(): void }) {
  const q = useOpQuery(`incident.${id}`, 'incidents.get', { incident_id: id });
  useLiveReload(['incident', 'anomaly'], q.reload);
  const [anomalyId, setAnomalyId] = useState<string | null>(null);
  const d = q.data?.id === id ? q.data : undefined;
  const done = (_: IncidentDetailView) => {
    q.reload();
    onChanged();
  };
  const anomaly = d?.anomalies.find((a) => a.id === anomalyId);
  if (anomaly) return <AnomalyDrawer anomaly={anomaly} onClose={() => setAnomalyId(null)} onChanged={() => done(d!)} />;
  return (
    <Drawer title={d?.title ?? id} subtitle={<span className="mono">{id}</span>} onClose={onClose}>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!d ? (q.status !== 'error' ? <Loading what="the incident" /> : null) : <IncidentBody d={d} onOpenAnomaly={setAnomalyId} onDone={done} />}
    </Drawer>
  );
}

function IncidentBody({ d, onOpenAnomaly, onDone }: { d: IncidentDetailView; onOpenAnomaly(id: string): void; onDone(d: IncidentDetailView): void }) {
  const involved = d.entities.filter((e) => e.role !== 'target');
  const targets = d.entities.filter((e) => e.role === 'target');
  return (
    <>
      <div className="drawer-badges">
        <Badge tone={severityTone[d.severity]}>{label(d.severity)}</Badge>
        <Badge tone={incidentStatusTone[d.status]}>{label(d.status)}</Badge>
        <Badge tone="neutral">{d.anomaly_count} {d.anomaly_count === 1 ? 'anomaly' : 'anomalies'}</Badge>
      </div>
      <Fields
        rows={[
          ['Opened', fmtTime(d.opened_at)],
          ['Updated', fmtTime(d.updated_at)],
          ['Activity', d.first_activity_at ? `${fmtTime(d.first_activity_at)} → ${fmtTime(d.last_activity_at)}` : null],
          ['Closed', d.closed_at ? fmtTime(d.closed_at) : null],
          ['Resolution', d.resolution],
        ]}
      />
      <IncidentActions incident={d} onDone={onDone} />
      <h3 className="drawer-section">Entities</h3>
      <ul className="entity-list" aria-label="Entities">
        {involved.map((e) => (
          <li key={`${e.entity_type}:${e.entity_id}`}>
            <Badge tone={ROLE_TONE[e.role]}>{label(e.role)}</Badge>
            <span className="mono">{e.entity_id}</span>
            <span className="dim">{e.anomaly_types.map(label).join(', ')}</span>
          </li>
        ))}
      </ul>
      {targets.length ? (
        <p className="targets">
          <span className="dim">Reached, on record ({targets.length}): </span>
          <span className="chips">
            {targets.slice(0, MAX_TARGETS).map((t) => <span key={t.entity_id} className="chip mono">{t.entity_id}</span>)}
            {targets.length > MAX_TARGETS ? <span className="chip">+{targets.length - MAX_TARGETS} more</span> : null}
          </span>
        </p>
      ) : null}
      {d.indicators.length ? (
        <>
          <h3 className="drawer-section">Indicators</h3>
          <ul className="ip-list" aria-label="Indicators">
            {d.indicators.map((i) => (
              <li key={i}>
                <span className="mono">{i}</span>
                <button type="button" className="btn btn-small" onClick={() => lookUpIndicator(i)}>Threat context</button>
                <BlockButton destination={i} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3 className="drawer-section">Timeline</h3>
      <ol className="timeline" aria-label="Timeline">
        {d.timeline.map((t, i) => (
          <li key={i} className={`timeline-item timeline-${t.kind}`}>
            <time className="mono timeline-time" dateTime={t.ts}>{fmtTime(t.ts)}</time>
            <span className="timeline-kind">{label(t.kind)}</span>
            <span className="timeline-summary">{t.summary}</span>
          </li>
        ))}
      </ol>
      <h3 className="drawer-section">Anomalies</h3>
      <ul className="member-list" aria-label="Member anomalies">
        {d.anomalies.map((a) => (
          <li key={a.id}>
            <button type="button" className="member" onClick={() => onOpenAnomaly(a.id)}>
              <Badge tone={severityTone[a.severity]}>{label(a.severity)}</Badge>
              <span className="member-type">{label(a.type)}</span>
              <span className="mono dim">{a.entity_id}</span>
              <Badge tone={anomalyStatusTone[a.status]}>{label(a.status)}</Badge>
              <span className="member-description">{a.description}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
