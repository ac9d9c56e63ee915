// Agent-tool decisions: "may agent A call tool T", answered from the same decision index and precedence as
// every other access question (an agent is an identity, an MCP tool "tool:server/name" a destination). AI
// posture asks it for each of an agent's tools to measure rule coverage and to find the gaps; it never
// touches the policy tables.
import type { AccessDecision } from '@shared/contract/operations/policy-schemas';
import { decide, inForce } from './decide';
import type { DecisionIndex, IndexedRule } from './decision-index';
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

// Rules in force per bucket, counted once per decision index (the fleet asks for a thousand agents at a time).
const counted = new WeakMap<DecisionIndex, { at: number; byBucket: Map<string, number> }>();
const COUNT_TTL_MS = 1_000;

/** Active rules that name this agent, every agent, or (fleet-wide) an MCP tool: the posture card's rule count. */
export function agentRuleCount(svc: Pick<PolicyContext, 'index' | 'clock'>, agentId: string): number {
  const now = svc.clock.now();
  const ix = svc.index();
  let c = counted.get(ix);
  if (!c || now - c.at > COUNT_TTL_MS || now < c.at) {
    const byBucket = new Map<string, number>();
    for (const e of ix.rules) {
      if (!inForce(e, now, now)) continue;
      const key = e.appliesTo === 'fleet' ? (e.rule.destination?.startsWith(TOOL_PREFIX) ? 'fleet:tool' : null) : e.appliesTo.startsWith('agent:') ? e.appliesTo : null;
      if (key) byBucket.set(key, (byBucket.get(key) ?? 0) + 1);
    }
    counted.set(ix, (c = { at: now, byBucket }));
  }
  const b = c.byBucket;
  return (b.get(`agent:${agentId}`) ?? 0) + (b.get('agent:*') ?? 0) + (b.get('fleet:tool') ?? 0);
}
