// The engine side of the anomaly, incident and event-log operations: what handlers.ts calls, shaped
// as the contract shows it (anomaly fields in the order of the spec's list_anomalies example).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { AnomalyView } from '@shared/contract/operations/anomalies-schemas';
import type { Actor } from '@shared/domain/actor';
import type { Anomaly } from '../anomalies/types';
import type { Engine } from '../engine';
import { invalid } from '../errors';
import type { IncidentDetail } from './types';

export function anomalyView(a: Anomaly): AnomalyView {
  return {
    id: a.id, entity_type: a.entity_type, entity_id: a.entity_id, type: a.type, severity: a.severity, confidence: a.confidence,
    detected_at: a.detected_at, description: a.description, recommended_action: a.recommended_action,
    observed_destinations: a.observed_destinations, status: a.status, incident_id: a.incident_id, evidence: a.evidence,
    last_seen_at: a.last_seen_at, occurrences: a.occurrences, status_reason: a.status_reason, status_changed_at: a.status_changed_at,
  };
}

const detailView = (d: IncidentDetail): OpOutput<'incidents.get'> => ({ ...d, anomalies: d.anomalies.map(anomalyView) });

export function listOpenAnomalies(engine: Engine, q: OpParsedInput<'anomalies.list'>): OpOutput<'anomalies.list'> {
  const { anomalies, total } = engine.anomalies.list({ ...q, status: 'open' });
  return { anomalies: anomalies.map(anomalyView), total };
}

export function searchAnomalies(engine: Engine, q: OpParsedInput<'anomalies.search'>): OpOutput<'anomalies.search'> {
  const { anomalies, total } = engine.anomalies.list(q);
  return { anomalies: anomalies.map(anomalyView), total };
}

export function setAnomalyStatus(engine: Engine, q: OpParsedInput<'anomalies.setStatus'>, actor: Actor): OpOutput<'anomalies.setStatus'> {
  const reason = q.reason?.trim() || undefined;
  if (q.status !== 'acknowledged' && !reason) throw invalid('reason', `a reason is required to mark an anomaly ${q.status}`);
  return anomalyView(engine.anomalies.setStatus(q.anomaly_id, q.status, { actor, reason }));
}

export const getIncident = (engine: Engine, id: string) => detailView(engine.incidents.get(id));

export const closeIncident = (engine: Engine, q: OpParsedInput<'incidents.close'>, actor: Actor) =>
  detailView(engine.incidents.close(q.incident_id, { resolution: q.resolution, release_quarantined_devices: q.release_quarantined_devices }, actor));

export const containIncident = (engine: Engine, id: string, actor: Actor) => detailView(engine.incidents.contain(id, actor));

export function readEvents(engine: Engine, q: OpParsedInput<'events.read'>): OpOutput<'events.read'> {
  if (q.cursor === undefined) return { events: [], next_cursor: engine.events.head() };
  const { cursor, limit, ...filter } = q;
  return engine.events.read(cursor, { limit, filter });
}
