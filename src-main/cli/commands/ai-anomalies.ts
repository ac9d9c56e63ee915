// `threatmatic ai anomalies`: findings about agents, MCP servers and AI services in use; `threatmatic ai
// anomaly status ID STATUS`: triage one with a reason. The same operations as list_ai_anomalies and the REST door.
import { dispatch } from '../../engine/dispatch';
import { intOpt, stringOpt, type CliCommand } from '../command';
import { table } from '../format';

export const aiAnomaliesCommand: CliCommand = {
  name: 'ai anomalies',
  summary: 'List findings about AI agents, MCP servers and AI services in use, most severe first',
  maxArgs: 0,
  options: {
    severity: { type: 'string', description: 'Only this severity: low, medium, high, critical', valueName: 'S' },
    type: { type: 'string', description: 'Only this type, e.g. mcp_rug_pull, lethal_trifecta', valueName: 'TYPE' },
    subject: { type: 'string', description: 'Only this agent, MCP server or service id', valueName: 'ID' },
    status: { type: 'string', description: 'open (default), acknowledged, resolved, false_positive or all', valueName: 'S' },
    limit: { type: 'string', description: 'At most this many rows (default 50)', valueName: 'N' },
    offset: { type: 'string', description: 'Skip this many rows (default 0)', valueName: 'N' },
  },
  run(ctx) {
    const out = dispatch(ctx.engine(), 'ai.listAnomalies', {
      severity: stringOpt(ctx, 'severity'), type: stringOpt(ctx, 'type'), subject_id: stringOpt(ctx, 'subject'), status: stringOpt(ctx, 'status'),
      limit: intOpt(ctx, 'limit', 50, 1), offset: intOpt(ctx, 'offset', 0),
    }, { actor: ctx.actor });
    ctx.emit(out, () => {
      const rows = out.anomalies.map((a) => ({ id: a.id, severity: a.severity, type: a.type, subject: `${a.subject_kind} ${a.subject_name ?? a.subject_id}`, status: a.status, last_seen: a.last_seen_at, description: a.description }));
      return `${table(rows, ['id', 'severity', 'type', 'subject', 'status', 'last_seen', 'description'])}\n${out.anomalies.length} of ${out.total} AI anomalies`;
    });
  },
};

export const aiAnomalyStatusCommand: CliCommand = {
  name: 'ai anomaly-status',
  summary: 'Acknowledge an AI anomaly, resolve it, or mark it a false positive (audited)',
  args: 'ID STATUS',
  minArgs: 2,
  maxArgs: 2,
  options: { reason: { type: 'string', description: 'Why (required for resolved and false_positive)', valueName: 'TEXT' } },
  run(ctx) {
    const [anomaly_id, status] = ctx.positionals;
    const a = dispatch(ctx.engine(), 'ai.setAnomalyStatus', { anomaly_id, status, reason: stringOpt(ctx, 'reason') }, { actor: ctx.actor });
    ctx.emit(a, `${a.id}: ${a.status}${a.status_reason ? ` (${a.status_reason})` : ''}`);
  },
};
