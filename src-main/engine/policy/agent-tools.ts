// Agent-tool decisions: "may agent A call tool T", answered from the same decision index and precedence as
// every other access question (an agent is an identity, an MCP tool "tool:server/name" a destination). AI
// posture asks it for each of an agent's tools to measure rule coverage and to find the gaps; it never
// touches the policy tables.
import type { AccessDecision } from '@shared/contract/operations/policy-schemas';
import { decide, inForce } from './decide';
import type { IndexedRule } from './decision-index';
import { TOOL_PREFIX, toolDestination } from './destination';
import type { PolicyContext } from './policy-context';

export interface AgentToolDecision {
  tool: string;
  decision: AccessDecision;
  /** null: no rule applies, the default (allow) decides. */
  policy_id: string | null;
  action: string | null;
}

/** The decision for each of the agent's tools ("server/name" or "name"). */
export function agentToolDecisions(svc: Pick<PolicyContext, 'index' | 'clock'>, agentId: string, tools: readonly string[]): AgentToolDecision[] {
  const ix = svc.index();
  const now = svc.clock.now();
  return tools.map((tool) => {
    const matched: IndexedRule[] = [];
    const dest = toolDestination(tool);
    ix.collect('agent', agentId, { kind: 'tool', value: dest, v4: -1 }, true, matched);
    const d = decide(matched, now, now, dest, ix.managementOf);
    return { tool, decision: d.decision, policy_id: d.deciding?.policy_id ?? null, action: d.deciding?.rule.action ?? null };
  });
}

/** Active rules that name this agent, every agent, or (fleet-wide) an MCP tool: the posture card's rule count. */
export function agentRuleCount(svc: Pick<PolicyContext, 'index' | 'clock'>, agentId: string): number {
  const now = svc.clock.now();
  return svc.index().rules.filter((e) => inForce(e, now, now) && (e.appliesTo === `agent:${agentId}` || e.appliesTo === 'agent:*'
    || (e.appliesTo === 'fleet' && (e.rule.destination?.startsWith(TOOL_PREFIX) ?? false)))).length;
}
