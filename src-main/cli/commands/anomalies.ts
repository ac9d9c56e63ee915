// `threatmatic anomalies`: anomalies filtered by severity, entity type, type and status; `threatmatic
// anomaly status ID STATUS`: triage one (acknowledge, resolve, false positive) with a reason.
import { dispatch } from '../../engine/dispatch';
import { intOpt, stringOpt, type CliCommand } from '../command';
import { table } from '../format';

export const anomaliesCommand: CliCommand = {
  name: 'anomalies',
  summary: 'List anomalies, most severe first, filtered by severity, entity type, type and status',
  maxArgs: 0,
  options: {
    severity: { type: 'string', description: 'Only this severity: low, medium, high, critical', valueName: 'S' },
    'entity-type': { type: 'string', description: 'Only this entity type: device, user, workload', valueName: 'T' },
    entity: { type: 'string', description: 'Only this entity id', valueName: 'ID' },
    type: { type: 'string', description: 'Only this anomaly type, e.g. lateral_movement_attempt', valueName: 'TYPE' },
    status: { type: 'string', description: 'open (default), acknowledged, resolved, false_positive or all', valueName: 'S' },
    limit: { type: 'string', description: 'At most this many rows (default 50)', valueName: 'N' },
    offset: { type: 'string', description: 'Skip this many rows (default 0)', valueName: 'N' },
  },
  details: 'Severity, entity type, type and status values are exact (see docs/incidents.md).',
  run(ctx) {
    // Values go to the operation as typed: its schema names any that is not one of the allowed values.
    const input = {
      severity: stringOpt(ctx, 'severity'), entity_type: stringOpt(ctx, 'entity-type'), entity_id: stringOpt(ctx, 'entity'), type: stringOpt(ctx, 'type'),
      status: stringOpt(ctx, 'status'), limit: intOpt(ctx, 'limit', 50, 1), offset: intOpt(ctx, 'offset', 0),
    };
    const out = dispatch(ctx.engine(), 'anomalies.search', input, ctx.call);
    ctx.emit(out, () => {
      const rows = out.anomalies.map((a) => ({
        severity: a.severity, type: a.type, entity: `${a.entity_type} ${a.entity_id}`, confidence: a.confidence, detected_at: a.detected_at,
        status: a.status, incident: a.incident_id ?? '', action: a.recommended_action, description: a.description,
      }));
      return `${table(rows, ['severity', 'type', 'entity', 'confidence', 'detected_at', 'status', 'incident', 'action', 'description'])}\n${out.anomalies.length} of ${out.total} anomalies`;
    });
  },
};

export const anomalyStatusCommand: CliCommand = {
  name: 'anomaly status',
  summary: 'Acknowledge an anomaly, resolve it, or mark it a false positive (audited)',
  args: 'ID STATUS',
  minArgs: 2,
  maxArgs: 2,
  options: {
    reason: { type: 'string', description: 'Why (required for resolved and false_positive)', valueName: 'TEXT' },
  },
  details: 'STATUS is acknowledged, resolved or false_positive.\nExample: threatmatic anomaly status ano_01HWXK9A false_positive --reason "vendor update server"',
  run(ctx) {
    const [anomaly_id, status] = ctx.positionals;
    const a = dispatch(ctx.engine(), 'anomalies.setStatus', { anomaly_id, status, reason: stringOpt(ctx, 'reason') }, ctx.call);
    const incident = a.closed_incidents.length ? ` (its last open anomaly: the incident closed)` : a.reopened_incidents.length ? ' (reopened)' : '';
    ctx.emit(a, `${a.id}: ${a.status}${a.status_reason ? ` (${a.status_reason})` : ''}${a.incident_id ? `, incident ${a.incident_id}${incident}` : ''}`);
  },
};
