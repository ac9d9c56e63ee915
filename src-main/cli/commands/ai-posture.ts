// `threatmatic ai posture|agent ID|brief|weights|tool-legs`: the AI posture from the command line, through
// the same operations as get_ai_posture, get_agent_posture and GET /api/v1/posture/brief.
import { AI_POSTURE_DIMENSIONS } from '@shared/contract/operations/ai-posture';
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, stringOpt, type CliCommand } from '../command';
import { table } from '../format';

const scoreText = (s: number | null, band: string | null) => (s === null ? 'not assessed' : `${s} (${band})`);

export const aiPostureCommand: CliCommand = {
  name: 'ai posture',
  summary: 'The AI posture score: Agent, MCP and Shadow AI dimensions (or not assessed), trifecta agents, lowest agents',
  maxArgs: 0,
  run(ctx) {
    const p = dispatch(ctx.engine(), 'ai.posture', {}, ctx.call);
    ctx.emit(p, () => {
      const dims = p.dimensions.map((d) => ({ dimension: d.dimension, score: scoreText(d.score, d.band), weight: `${d.weight}%`, effective: `${d.effective_weight}%`, why: d.why }));
      const lines = [`AI posture: ${scoreText(p.score, p.band)}${p.renormalized ? ' (weights renormalized over the assessed dimensions)' : ''}`, table(dims, ['dimension', 'score', 'weight', 'effective', 'why'])];
      if (p.agents.trifecta.length) lines.push(`Lethal trifecta: ${p.agents.trifecta.map((a) => `${a.name} (${a.agent_id})`).join(', ')}`);
      if (p.agents.lowest.length) lines.push(`Lowest agents: ${p.agents.lowest.map((a) => `${a.name} ${a.score}`).join(', ')}`);
      return lines.join('\n');
    });
  },
};

export const aiAgentCommand: CliCommand = {
  name: 'ai agent',
  summary: "An agent's posture card: score, trust score, factors and its lethal-trifecta risk profile",
  args: 'ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const a = dispatch(ctx.engine(), 'ai.agentPosture', { agent_id: ctx.positionals[0] }, ctx.call);
    ctx.emit(a, () => {
      const legs = a.risk_profile.static.legs.map((l) => ({ leg: l.label, present: l.present ? 'yes' : 'no', tools: l.tools.map((t) => t.tool).join(', ') }));
      return [
        `${a.name} (${a.agent_id}) ${a.status}: ${a.score} (${a.band}); trust ${a.trust_score}; rules ${a.rule_count}; owner ${a.owner ?? '—'}`,
        table(a.factors.map((f) => ({ points: f.points, factor: f.factor, why: f.why })), ['points', 'factor', 'why']),
        `Not assessed: ${a.not_assessed.map((n) => n.component).join(', ') || 'none'}`,
        table(legs, ['leg', 'present', 'tools']),
        a.risk_profile.static.complete ? `LETHAL TRIFECTA. Cheapest leg to break: ${a.risk_profile.static.cheapest_reason}` : 'No lethal trifecta from its tools.',
        table(a.tools.map((t) => ({ tool: t.tool, legs: t.legs.join(',') || '—', risk: t.high_risk ? 'high' : '', decision: t.decision, policy: t.policy_id ?? (t.high_risk ? 'no rule (gap)' : '—') })), ['tool', 'legs', 'risk', 'decision', 'policy']),
        a.risk_profile.runtime ? `Last run ${a.risk_profile.runtime.run_id}: ${a.risk_profile.runtime.complete ? 'all three legs used' : `${a.risk_profile.runtime.legs.filter((l) => l.present).length} leg(s) used`}` : 'No run reported yet.',
      ].join('\n');
    });
  },
};

export const aiBriefCommand: CliCommand = {
  name: 'ai brief',
  summary: 'The plain-English AI security brief: score, top risks, one recommended action',
  maxArgs: 0,
  run(ctx) {
    const b = dispatch(ctx.engine(), 'ai.brief', {}, ctx.call);
    ctx.emit(b, b.brief);
  },
};

export const aiWeightsCommand: CliCommand = {
  name: 'ai weights',
  summary: 'Show the AI posture weights, or set them (--agent, --mcp, --shadow: all three, summing to 100; audited); --suggest: weights from the deployment profile, with reasons',
  maxArgs: 0,
  options: {
    ...Object.fromEntries(AI_POSTURE_DIMENSIONS.map((d) => [d, { type: 'string' as const, description: `Weight of the ${d} score, in percent`, valueName: 'N' }])),
    suggest: { type: 'boolean', description: 'Suggested weights from the deployment profile, each with its reason' },
  },
  run(ctx) {
    const given = AI_POSTURE_DIMENSIONS.filter((d) => stringOpt(ctx, d) !== undefined);
    const text = (w: Record<string, number>) => AI_POSTURE_DIMENSIONS.map((d) => `${d} ${w[d]}`).join(', ');
    if (ctx.values.suggest) {
      if (given.length) throw new CliUsageError('--suggest shows suggestions; set weights without it');
      const r = dispatch(ctx.engine(), 'ai.suggestedWeights', {}, ctx.call);
      ctx.emit(r, [`Suggested: ${text(r.suggested)} (now: ${text(r.current)})`, ...r.reasons.map((x) => `  ${x.dimension}: ${x.why}`), `Apply: threatmatic ai weights ${AI_POSTURE_DIMENSIONS.map((d) => `--${d} ${r.suggested[d]}`).join(' ')}`].join('\n'));
      return;
    }
    if (!given.length) {
      const r = dispatch(ctx.engine(), 'ai.postureWeights', {}, ctx.call);
      ctx.emit(r, `${text(r.weights)} (defaults: ${text(r.defaults)})`);
      return;
    }
    if (given.length < 3) throw new CliUsageError('give all three weights (--agent, --mcp, --shadow), summing to 100');
    const w = Object.fromEntries(AI_POSTURE_DIMENSIONS.map((d) => {
      const n = Number(stringOpt(ctx, d));
      if (!Number.isFinite(n)) throw new CliUsageError(`--${d} must be a number`);
      return [d, n];
    }));
    const r = dispatch(ctx.engine(), 'ai.setPostureWeights', w, ctx.call);
    ctx.emit(r, `AI posture weights set: ${text(r.weights)}`);
  },
};

export const aiToolLegsCommand: CliCommand = {
  name: 'ai tool-legs',
  summary: 'Override which trifecta legs a tool supplies (--legs private_data,untrusted_content,external_comms or --none, or --clear); audited',
  args: 'TOOL',
  minArgs: 1,
  maxArgs: 1,
  options: {
    legs: { type: 'string', description: 'Comma-separated legs', valueName: 'LEGS' },
    none: { type: 'boolean', description: 'The tool supplies no leg' },
    clear: { type: 'boolean', description: 'Back to the rules' },
    reason: { type: 'string', description: 'Why (required)', valueName: 'TEXT' },
  },
  run(ctx) {
    const raw = stringOpt(ctx, 'legs');
    const legs = ctx.values.none ? [] : raw?.split(',').map((s) => s.trim()).filter(Boolean);
    const r = dispatch(ctx.engine(), 'ai.setToolLegs', { tool: ctx.positionals[0], legs, clear: ctx.values.clear ? true : undefined, reason: stringOpt(ctx, 'reason') }, ctx.call);
    ctx.emit(r, r.legs === null ? `${r.tool}: back to the rules` : `${r.tool}: ${r.legs.join(', ') || 'no leg'}`);
  },
};
