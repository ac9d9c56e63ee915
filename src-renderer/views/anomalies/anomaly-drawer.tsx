// One anomaly in full: what was seen, the evidence and destinations (each one click from its threat
// context), its incident, and the triage buttons.
import type { AnomalyView } from '@shared/contract/operations/anomalies-schemas';
import { Badge } from '../../components/badge';
import { eventsHref } from '../events/events-view';
import { Drawer, Fields } from '../../components/drawer';
import { fmtTime, label } from '../../components/format';
import { useStore } from '../../store/index';
import { BlockButton } from '../response/block-action';
import { IsolateActions } from '../response/isolate-action';
import { SuspendActions } from '../response/suspend-action';
import { TriageActions } from './triage-actions';
import { anomalyStatusTone, severityTone } from './triage-tones';

export function lookUpIndicator(value: string): void {
  const s = useStore.getState();
  s.setLookupText(value);
  s.submitLookup();
  s.navigate('intel');
}

export function openIncident(id: string): void {
  const s = useStore.getState();
  s.openIncident(id);
  s.navigate('incidents');
}

/** The telemetry event ids an evidence field names (detectors keep the ids behind a finding). */
function eventIds(v: unknown): number[] {
  return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x) && x > 0) : [];
}

function evidenceValue(v: unknown): string {
  if (v == null) return '—';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function AnomalyDrawer({ anomaly: a, onClose, onChanged }: { anomaly: AnomalyView; onClose(): void; onChanged(a: AnomalyView): void }) {
  return (
    <Drawer title={label(a.type)} subtitle={<span className="mono">{a.id}</span>} onClose={onClose}>
      <div className="drawer-badges">
        <Badge tone={severityTone[a.severity]}>{label(a.severity)}</Badge>
        <Badge tone={anomalyStatusTone[a.status]}>{label(a.status)}</Badge>
      </div>
      <p className="anomaly-description">{a.description}</p>
      <Fields
        rows={[
          ['Entity', <span key="e" className="mono">{a.entity_type} {a.entity_id}</span>],
          ['Confidence', `${Math.round(a.confidence * 100)} %`],
          ['Detected', fmtTime(a.detected_at)],
          ['Last seen', fmtTime(a.last_seen_at)],
          ['Occurrences', String(a.occurrences)],
          ['Incident', a.incident_id ? <button key="i" type="button" className="btn btn-small mono" onClick={() => openIncident(a.incident_id!)}>{a.incident_id}</button> : 'none'],
          ['Status changed', a.status_changed_at ? `${fmtTime(a.status_changed_at)}${a.status_reason ? ` — ${a.status_reason}` : ''}` : null],
        ]}
      />
      <h3 className="drawer-section">Recommended: {label(a.recommended_action)}</h3>
      <RecommendedAction anomaly={a} />
      <h3 className="drawer-section">Triage</h3>
      <TriageActions anomaly={a} onDone={onChanged} />
      <h3 className="drawer-section">Destinations</h3>
      {a.observed_destinations.length === 0 ? (
        <p className="dim">No destination involved.</p>
      ) : (
        <ul className="ip-list" aria-label="Observed destinations">
          {a.observed_destinations.map((d) => (
            <li key={d}>
              <span className="mono">{d}</span>
              <button type="button" className="btn btn-small" onClick={() => lookUpIndicator(d)}>Threat context</button>
              <BlockButton destination={d} />
            </li>
          ))}
        </ul>
      )}
      <h3 className="drawer-section">Evidence</h3>
      <Fields rows={Object.entries(a.evidence).map(([k, v]) => [label(k), k === 'event_ids' && eventIds(v).length ? (
        <span key={k} className="evidence-value">
          <span className="mono">{evidenceValue(v)}</span>{' '}
          <a className="btn btn-small" href={eventsHref(eventIds(v))}>Open {eventIds(v).length} event{eventIds(v).length === 1 ? '' : 's'}</a>
        </span>
      ) : <span key={k} className="mono evidence-value">{evidenceValue(v)}</span>])} />
    </Drawer>
  );
}

/** The recommended action as the button that does it, on the anomaly's own entity. */
function RecommendedAction({ anomaly: a }: { anomaly: AnomalyView }) {
  if (a.recommended_action === 'isolate' && a.entity_type === 'device') return <IsolateActions deviceId={a.entity_id} buttonLabel="Isolate device (recommended)" />;
  if (a.recommended_action === 'suspend_user' && a.entity_type === 'user') return <SuspendActions userId={a.entity_id} devices={[]} />;
  if (a.recommended_action === 'block_destination') return <p className="response-note">Block the destinations below, each with its Block button.</p>;
  return <p className="response-note">No one-click action: {label(a.recommended_action)} is done outside the console.</p>;
}
