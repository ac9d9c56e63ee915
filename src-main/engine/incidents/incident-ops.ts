// The engine side of the incident and event-log operations: what handlers.ts calls, shaped as the
// contract shows it (anomaly operations are in anomalies/anomaly-ops.ts).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import { anomalyView } from '../anomalies/anomaly-ops';
import type { Engine } from '../engine';
import type { IncidentDetail } from './types';

const detailView = (d: IncidentDetail): OpOutput<'incidents.get'> => ({ ...d, anomalies: d.anomalies.map(anomalyView) });

export const getIncident = (engine: Engine, id: string) => detailView(engine.incidents.get(id));

export const closeIncident = (engine: Engine, q: OpParsedInput<'incidents.close'>, actor: Actor) =>
  detailView(engine.incidents.close(q.incident_id, { resolution: q.resolution, release_quarantined_devices: q.release_quarantined_devices }, actor));

export const containIncident = (engine: Engine, id: string, actor: Actor) => detailView(engine.incidents.contain(id, actor));

export function readEvents(engine: Engine, q: OpParsedInput<'events.read'>): OpOutput<'events.read'> {
  if (q.cursor === undefined) return { events: [], next_cursor: engine.events.head() };
  const { cursor, limit, ...filter } = q;
  return engine.events.read(cursor, { limit, filter });
}
