// Intake of the decisions an external enforcement point (an agent gateway or MCP proxy) made on agents' tool
// calls, as POST /api/v1/enforcement/webhook delivers them after checking their signature. Each decision becomes
// a tool call in its agent's activity (outcome blocked, ok, redacted or held: blocked calls count against the
// agent score) and every one that was not simply allowed an `ai_enforcement` event in the live feed, all in one
// transaction with its audit entry. Unknown agents refuse the whole report, naming the entry, before anything is written.
import type { z } from 'zod';
import type { enforcementReportDecisions, GatewayDecision } from '@shared/contract/operations/enforcement-report-decisions';
import type { Actor } from '@shared/domain/actor';
import type { CallOutcome } from '@shared/domain/ai-assets';
import type { AgentActivityStore, ReportedEvent } from '../assets/agent-activity-store';
import type { AssetStore } from '../assets/asset-store';
import type { AuditLog } from '../audit/audit-log';
import { notFound, UserError } from '../errors';
import type { EventLog } from '../events/event-log';
import { REPLAY_TOLERANCE_S } from './signing';

type Input = z.output<typeof enforcementReportDecisions.input>;
type Output = z.output<typeof enforcementReportDecisions.output>;

export interface GatewayIntakeDeps {
  audit: AuditLog; events: EventLog; activity: AgentActivityStore; assets: AssetStore;
  endpointExists(id: string): boolean;
  /** Claims a signed report's signature until expiresAt (ms); false when it was recorded before. */
  claimSignature(endpointId: string, signature: string, expiresAt: number): boolean;
}

const OUTCOME: Record<GatewayDecision, CallOutcome> = { blocked: 'blocked', allowed: 'ok', redacted: 'redacted', held: 'held' };
const SEVERITY = { blocked: 'medium', held: 'low', redacted: 'low' } as const;
/** The live feed gets one event per decision that was not simply allowed, up to this many per report. */
const MAX_FEED_EVENTS = 100;

export function recordGatewayDecisions(deps: GatewayIntakeDeps, input: Input, actor: Actor): Output {
  if (!deps.endpointExists(input.endpoint_id)) throw notFound('endpoint', input.endpoint_id);
  const byAgent = new Map<string, ReportedEvent[]>();
  const names = new Map<string, string>();
  input.decisions.forEach((d, i) => {
    if (!names.has(d.agent_id)) {
      if (!deps.assets.agentExists(d.agent_id)) throw new UserError('not_found', `decisions[${i}].agent_id: unknown agent '${d.agent_id}'`, `decisions[${i}].agent_id`);
      names.set(d.agent_id, deps.assets.get(d.agent_id).name);
    }
    const list = byAgent.get(d.agent_id) ?? byAgent.set(d.agent_id, []).get(d.agent_id)!;
    list.push({
      type: 'tool_call', ts: d.ts, run_id: d.run_id, server: d.server, tool: d.tool, outcome: OUTCOME[d.decision],
      ...(d.decision === 'allowed' ? {} : { error: `${d.decision} by ${input.endpoint_id}${d.policy_id ? ` (${d.policy_id})` : ''}${d.reason ? `: ${d.reason}` : ''}`.slice(0, 500) }),
    });
  });
  const counts = { blocked: 0, allowed: 0, redacted: 0, held: 0 };
  for (const d of input.decisions) counts[d.decision]++;
  deps.audit.record(actor, 'enforcement.reportDecisions', { endpoint_id: input.endpoint_id, decisions: input.decisions.length }, () => {
    // In the same transaction as the decisions: a replay records nothing, and a failed report claims nothing.
    if (input.signed && !deps.claimSignature(input.endpoint_id, input.signed.signature, (input.signed.timestamp + REPLAY_TOLERANCE_S) * 1000)) {
      throw new UserError('conflict', `this signed request was already recorded (endpoint '${input.endpoint_id}', X-Threatmatic-Timestamp ${input.signed.timestamp}): a replay is refused; send new decisions with a new timestamp and signature`, 'X-Threatmatic-Signature');
    }
    for (const [agentId, events] of byAgent) deps.activity.report(agentId, events, 0, actor);
    let fed = 0;
    for (const d of input.decisions) {
      if (d.decision === 'allowed' || fed >= MAX_FEED_EVENTS) continue;
      fed++;
      deps.events.append({
        event_type: 'ai_enforcement', severity: SEVERITY[d.decision],
        ...(d.ts ? { ts: Date.parse(d.ts) } : {}),
        data: { endpoint_id: input.endpoint_id, agent_id: d.agent_id, agent_name: names.get(d.agent_id), server: d.server ?? null, tool: d.tool, decision: d.decision, policy_id: d.policy_id ?? null, reason: d.reason ?? null, run_id: d.run_id ?? null },
      });
    }
  }, () => ({ by_decision: counts, agents: [...byAgent.keys()] }));
  return { accepted: input.decisions.length, by_decision: counts, agents: [...byAgent.keys()] };
}
