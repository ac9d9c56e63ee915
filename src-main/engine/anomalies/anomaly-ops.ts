// The engine side of the anomaly operations: what handlers.ts calls, shaped as the contract shows it
// (anomaly fields in the order of the spec's list_anomalies example).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { AnomalyView } from '@shared/contract/operations/anomalies-schemas';
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../engine';
import { invalid, notFound, UserError } from '../errors';
import type { Anomaly } from './types';

export function anomalyView(a: Anomaly): AnomalyView {
  return {
    id: a.id, entity_type: a.entity_type, entity_id: a.entity_id, type: a.type, severity: a.severity, confidence: a.confidence,
    detected_at: a.detected_at, description: a.description, recommended_action: a.recommended_action,
    observed_destinations: a.observed_destinations, status: a.status, incident_id: a.incident_id, evidence: a.evidence,
    last_seen_at: a.last_seen_at, occurrences: a.occurrences, status_reason: a.status_reason, status_changed_at: a.status_changed_at,
  };
}

export function listOpenAnomalies(engine: Engine, q: OpParsedInput<'anomalies.list'>): OpOutput<'anomalies.list'> {
  const { anomalies, total } = engine.anomalies.list({ ...q, status: 'open' });
  return { anomalies: anomalies.map(anomalyView), total };
}

export function searchAnomalies(engine: Engine, q: OpParsedInput<'anomalies.search'>): OpOutput<'anomalies.search'> {
  const { anomalies, total } = engine.anomalies.list(q);
  return { anomalies: anomalies.map(anomalyView), total };
}

export function getAnomaly(engine: Engine, id: string): OpOutput<'anomalies.get'> {
  const a = engine.anomalies.get(id);
  if (!a) throw notFound('anomaly', id);
  return anomalyView(a);
}

export function setAnomalyStatus(engine: Engine, q: OpParsedInput<'anomalies.setStatus'>, actor: Actor): OpOutput<'anomalies.setStatus'> {
  const reason = q.reason?.trim() || undefined;
  if ((q.status === 'resolved' || q.status === 'false_positive') && !reason) throw invalid('reason', `a reason is required to mark an anomaly ${q.status}`);
  if (q.status === 'open' && engine.anomalies.get(q.anomaly_id)?.status === 'open') throw new UserError('conflict', `anomaly '${q.anomaly_id}' is already open`, 'status');
  const incidentId = engine.anomalies.get(q.anomaly_id)?.incident_id ?? null;
  const before = incidentStatus(engine, incidentId);
  const a = engine.anomalies.setStatus(q.anomaly_id, q.status, { actor, reason });
  const after = incidentStatus(engine, incidentId);
  const changed = incidentId && before !== after ? [incidentId] : [];
  return { ...anomalyView(a), closed_incidents: after === 'closed' ? changed : [], reopened_incidents: before === 'closed' ? changed : [] };
}

function incidentStatus(engine: Engine, id: string | null): string | null {
  return id ? engine.incidents.get(id).status : null;
}
