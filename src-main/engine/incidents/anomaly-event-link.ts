// The seam that lets an anomaly's event carry its incident_id: the anomaly store logs its events
// through this view of the event log, which asks the incident service to group the anomaly (inside the
// same transaction, after the anomaly row is written) just before the event is appended.
import type { EventInput, EventLog } from '../events/event-log';

/** Groups the anomaly behind an event; returns the incident id the event should carry, or undefined to leave it. */
export type AnomalyEventLinker = (anomalyId: string, change: string) => string | null | undefined;

/**
 * The event log as the anomaly store should see it. Everything but append is the real log (the view
 * delegates through its prototype), so readers and subscribers are unaffected.
 */
export function linkAnomalyEvents(events: EventLog, link: AnomalyEventLinker): EventLog {
  const view = Object.create(events) as EventLog;
  view.append = (e: EventInput) => {
    const id = e.event_type === 'anomaly' ? e.data.anomaly_id : undefined;
    if (typeof id === 'string') {
      const incident = link(id, String(e.data.change ?? ''));
      if (incident !== undefined) return events.append({ ...e, data: { ...e.data, incident_id: incident } });
    }
    return events.append(e);
  };
  return view;
}
