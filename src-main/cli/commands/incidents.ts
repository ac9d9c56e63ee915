// `threatmatic incidents` (the list), `threatmatic incident show ID` (timeline and anomalies),
// `threatmatic incident contain ID` and `threatmatic incident close ID --resolution TEXT`.
import type { IncidentDetailView } from '@shared/contract/operations/incidents-schemas';
import { dispatch } from '../../engine/dispatch';
import { intOpt, stringOpt, type CliCommand } from '../command';
import { keyValues, table } from '../format';

function detailText(d: IncidentDetailView): string {
  const entities = d.entities.map((e) => `${e.entity_id} (${e.role}${e.anomaly_count ? `, ${e.anomaly_count} anomal${e.anomaly_count === 1 ? 'y' : 'ies'}` : ''})`);
  return [
    keyValues({
      id: d.id, title: d.title, severity: d.severity, status: d.status, opened_at: d.opened_at, updated_at: d.updated_at, closed_at: d.closed_at,
      resolution: d.resolution, activity: d.first_activity_at ? `${d.first_activity_at} → ${d.last_activity_at}` : null,
      entities: entities.join(', ') || null, indicators: d.indicators.join(', ') || null,
    }),
    '',
    `Timeline:\n${table(d.timeline.map((t) => ({ ts: t.ts, kind: t.kind, summary: t.summary })), ['ts', 'kind', 'summary'])}`,
    '',
    `Anomalies:\n${table(d.anomalies.map((a) => ({ id: a.id, severity: a.severity, type: a.type, entity: a.entity_id, status: a.status, description: a.description })), ['id', 'severity', 'type', 'entity', 'status', 'description'])}`,
  ].join('\n');
}

export const incidentsCommand: CliCommand = {
  name: 'incidents',
  summary: 'List incidents (related anomalies grouped), open first, most severe first',
  maxArgs: 0,
  options: {
    status: { type: 'string', description: 'Only this status: open, contained, closed (default: all)', valueName: 'S' },
    severity: { type: 'string', description: 'Only this severity: low, medium, high, critical', valueName: 'S' },
    limit: { type: 'string', description: 'At most this many rows (default 50)', valueName: 'N' },
    offset: { type: 'string', description: 'Skip this many rows (default 0)', valueName: 'N' },
  },
  details: "Show one with 'threatmatic incident show ID'; close it with 'threatmatic incident close ID --resolution TEXT'.",
  run(ctx) {
    const input = { status: stringOpt(ctx, 'status'), severity: stringOpt(ctx, 'severity'), limit: intOpt(ctx, 'limit', 50, 1), offset: intOpt(ctx, 'offset', 0) };
    const out = dispatch(ctx.engine(), 'incidents.list', input, ctx.call);
    ctx.emit(out, () => {
      const rows = out.incidents.map((i) => ({ id: i.id, severity: i.severity, status: i.status, anomalies: i.anomaly_count, last_activity: i.last_activity_at, title: i.title }));
      return `${table(rows, ['id', 'severity', 'status', 'anomalies', 'last_activity', 'title'])}\n${out.incidents.length} of ${out.total} incidents`;
    });
  },
};

export const incidentShowCommand: CliCommand = {
  name: 'incident show',
  summary: 'Show one incident: entities, indicators, timeline and member anomalies',
  args: 'ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const d = dispatch(ctx.engine(), 'incidents.get', { incident_id: ctx.positionals[0] }, ctx.call);
    ctx.emit(d, () => detailText(d));
  },
};

export const incidentContainCommand: CliCommand = {
  name: 'incident contain',
  summary: 'Mark an open incident contained (audited)',
  args: 'ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const d = dispatch(ctx.engine(), 'incidents.contain', { incident_id: ctx.positionals[0] }, ctx.call);
    ctx.emit(d, `${d.id}: ${d.status} — ${d.title}`);
  },
};

export const incidentCloseCommand: CliCommand = {
  name: 'incident close',
  summary: 'Close an incident with its resolution; resolves its open anomalies (audited)',
  args: 'ID',
  minArgs: 1,
  maxArgs: 1,
  options: {
    resolution: { type: 'string', description: 'Summary of how the incident was resolved', valueName: 'TEXT' },
    'release-quarantined-devices': { type: 'boolean', description: 'Release any devices isolated during this incident' },
  },
  details: 'Closing a closed incident changes nothing. A closed incident is never reopened (except by reopening the anomaly whose triage closed it): new anomalies open a new one.',
  run(ctx) {
    const d = dispatch(ctx.engine(), 'incidents.close', {
      incident_id: ctx.positionals[0], resolution: stringOpt(ctx, 'resolution'), release_quarantined_devices: ctx.values['release-quarantined-devices'] === true,
    }, ctx.call);
    ctx.emit(d, `${d.id}: ${d.status}${d.resolution ? ` (${d.resolution})` : ''} — ${d.title}`);
  },
};
