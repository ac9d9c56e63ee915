// The enforcement gap scan (spec: GET /api/v1/enforcement/gap-scan): every high-risk agent-tool pair (a tool
// that gives an agent with two or more trifecta legs one of them) that no enforcement rule decides, ranked,
// each with the rule that would cover it, and the policy that covers them all, ready for create_policy.
// Pure: it reads the agents' postures (their tool maps already carry the policy engine's decisions).
import type { AgentPosture } from '@shared/contract/operations/ai-posture';
import type { EnforcementGap, GapScan } from '@shared/contract/operations/ai-enforcement-gaps';
import type { PolicyRuleInput } from '@shared/contract/operations/policy-schemas';
import { LEG_LABELS, type TrifectaLeg } from './tool-legs';

// Outbound channels carry the data out: cutting them breaks exfiltration first (as the trifecta's cheapest leg does).
const LEG_WEIGHT: Record<TrifectaLeg, number> = { external_comms: 30, untrusted_content: 20, private_data: 10 };

export function gapScan(postures: readonly AgentPosture[], opts: { agent_id?: string; limit: number }, now: string): GapScan {
  let pairs = 0;
  let covered = 0;
  const gaps: Omit<EnforcementGap, 'rank'>[] = [];
  for (const p of postures) {
    if (opts.agent_id && p.agent_id !== opts.agent_id) continue;
    const t = p.risk_profile.static;
    const usedInRun = new Set(p.risk_profile.runtime?.legs.flatMap((l) => l.tools.map((x) => x.tool)) ?? []);
    for (const tool of p.tools) {
      if (!tool.high_risk) continue;
      pairs++;
      if (tool.covered) { covered++; continue; }
      const cheapest = t.complete && t.cheapest_leg !== null && tool.legs.includes(t.cheapest_leg);
      // Block the tools of a full trifecta's cheapest leg; hold the rest for a person's approval.
      const action = cheapest ? 'block' : 'require_approval';
      const score = (t.complete ? 100 : 0) + (cheapest ? 40 : 0) + Math.max(...tool.legs.map((l) => LEG_WEIGHT[l])) + (usedInRun.has(tool.tool) ? 10 : 0);
      gaps.push({
        agent_id: p.agent_id, agent_name: p.name, tool: tool.tool, destination: `tool:${tool.tool}`, legs: tool.legs,
        risk: t.complete ? 'critical' : 'high', risk_score: score, decision: tool.decision,
        why: `${p.name} has ${t.complete ? 'the lethal trifecta' : 'two trifecta legs'}; ${tool.tool} gives it ${tool.legs.map((l) => LEG_LABELS[l]).join(' and ')}${cheapest ? ` (the cheapest leg to break)` : ''}${usedInRun.has(tool.tool) ? ', and its last run called it' : ''}; no rule decides this call`,
        suggested_rule: { identity_type: 'agent', identity_id: p.agent_id, action, destination: `tool:${tool.tool}` },
      });
    }
  }
  gaps.sort((a, b) => b.risk_score - a.risk_score || a.agent_name.localeCompare(b.agent_name) || a.tool.localeCompare(b.tool));
  const shown = gaps.slice(0, opts.limit).map((g, i) => ({ rank: i + 1, ...g }));
  const rules: PolicyRuleInput[] = shown.map((g) => g.suggested_rule);
  const agents = new Set(shown.map((g) => g.agent_name));
  return {
    generated_at: now,
    summary: { high_risk_pairs: pairs, covered, uncovered: pairs - covered, coverage_pct: pairs ? Math.round((covered * 1000) / pairs) / 10 : null },
    gaps: shown,
    total: gaps.length,
    suggested_policy: rules.length ? {
      name: `Agent-tool enforcement: ${[...agents].slice(0, 3).join(', ')}${agents.size > 3 ? ` and ${agents.size - 3} more` : ''}`,
      description: `Covers ${rules.length} high-risk agent-tool pair${rules.length > 1 ? 's' : ''} from the gap scan of ${now}: blocks each trifecta's cheapest leg, holds the other high-risk tools for approval`,
      rules,
    } : null,
  };
}
