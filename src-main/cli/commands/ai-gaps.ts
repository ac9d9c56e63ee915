// `threatmatic ai gaps [--agent ID] [--limit N] [--cover]`: the enforcement gap scan (GET /api/v1/enforcement/gap-scan)
// from the command line, and with --cover the policy that covers every gap listed, created through create_policy
// (audited, held for approval like any policy change made with such a key).
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, stringOpt, type CliCommand } from '../command';
import { table } from '../format';

export const aiGapsCommand: CliCommand = {
  name: 'ai gaps',
  summary: 'High-risk agent-tool pairs no enforcement rule covers, ranked; --cover creates the policy that covers them',
  maxArgs: 0,
  options: {
    agent: { type: 'string', description: "Only this agent's gaps", valueName: 'ID' },
    limit: { type: 'string', description: 'At most this many gaps (default 100)', valueName: 'N' },
    cover: { type: 'boolean', description: 'Create the suggested policy covering every gap listed (create_policy)' },
    name: { type: 'string', description: 'Name of the policy --cover creates (default: the suggested name)', valueName: 'TEXT' },
  },
  run(ctx) {
    const rawLimit = stringOpt(ctx, 'limit');
    const limit = rawLimit === undefined ? undefined : Number(rawLimit);
    if (limit !== undefined && !Number.isInteger(limit)) throw new CliUsageError('--limit must be a whole number');
    const scan = dispatch(ctx.engine(), 'ai.enforcementGaps', { agent_id: stringOpt(ctx, 'agent'), limit }, ctx.call);
    const s = scan.summary;
    const head = `Enforcement coverage: ${s.coverage_pct === null ? 'no high-risk agent-tool pairs' : `${s.coverage_pct}% (${s.covered} of ${s.high_risk_pairs} high-risk pairs covered)`}; ${scan.total} gap${scan.total === 1 ? '' : 's'}`;
    if (!ctx.values.cover) {
      ctx.emit(scan, () => [head, ...(scan.gaps.length ? [table(scan.gaps.map((g) => ({ rank: g.rank, risk: g.risk, agent: g.agent_name, tool: g.tool, legs: g.legs.join(','), suggest: g.suggested_rule.action })), ['rank', 'risk', 'agent', 'tool', 'legs', 'suggest']), 'Cover them: threatmatic ai gaps --cover'] : [])].join('\n'));
      return;
    }
    if (!scan.suggested_policy) {
      ctx.emit({ scan, policy: null }, `${head}: nothing to cover`);
      return;
    }
    const name = stringOpt(ctx, 'name') ?? scan.suggested_policy.name;
    const policy = dispatch(ctx.engine(), 'policy.create', { ...scan.suggested_policy, name }, ctx.call);
    ctx.emit({ scan, policy }, `${head}\nCreated ${policy.policy_id} "${policy.name}" covering ${policy.rules.length} pair${policy.rules.length === 1 ? '' : 's'}`);
  },
};
