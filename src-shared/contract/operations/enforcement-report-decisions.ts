// Decisions an external enforcement point (an agent gateway or MCP proxy) made about agents' tool calls:
// blocked, allowed, redacted, held for approval. They arrive HMAC-signed at POST /api/v1/enforcement/webhook
// (the REST door checks the signature with the secret of the enforcement endpoint that sends them, then calls
// this operation); they go into the agents' activity (blocked calls count against the agent score) and the
// live feed. No REST route or MCP tool of its own: the webhook is its door, and admins may call it directly.
import { z } from 'zod';
import { defineOperation } from '../define';

export const ENFORCEMENT_WEBHOOK_PATH = '/api/v1/enforcement/webhook';
const GATEWAY_DECISIONS = ['blocked', 'allowed', 'redacted', 'held'] as const;
export type GatewayDecision = (typeof GATEWAY_DECISIONS)[number];
const MAX_DECISIONS_PER_REPORT = 1000;

const short = z.string().trim().min(1).max(200);

const gatewayDecisionInput = z.object({
  agent_id: z.string().min(1).max(100).describe('The agent (agt_…) whose call was decided'),
  server: short.optional().describe('MCP server of the tool'),
  tool: short,
  decision: z.enum(GATEWAY_DECISIONS).describe('blocked, allowed, redacted (went through with data removed) or held (waits for approval)'),
  ts: z.iso.datetime({ offset: true }).optional().describe('When it was decided; the time of receipt when absent'),
  run_id: short.optional(),
  policy_id: short.optional().describe('The Threatmatic policy the gateway applied, when it applied one'),
  reason: z.string().max(500).optional(),
});

export const enforcementReportDecisions = defineOperation({
  name: 'enforcement.reportDecisions',
  title: 'Report enforcement decisions',
  description: 'Record decisions an enforcement point made on agents\' tool calls (blocked, allowed, redacted, held for approval): into each agent\'s activity, where blocked calls count against its score, and into the live feed. Served by POST /api/v1/enforcement/webhook, HMAC-signed with an enforcement endpoint\'s secret.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    endpoint_id: z.string().min(1).max(100).describe('The enforcement endpoint that sent them (the webhook sets it from the signature it checked)'),
    decisions: z.array(gatewayDecisionInput).min(1).max(MAX_DECISIONS_PER_REPORT),
    signed: z.object({
      signature: z.string().min(1).max(200),
      timestamp: z.number().int().describe('X-Threatmatic-Timestamp, in seconds'),
    }).optional().describe('The signature the webhook checked: the same signed request is recorded once, and a replay within its 5-minute window is refused as a conflict'),
  }),
  output: z.object({
    accepted: z.number().int(),
    by_decision: z.object({ blocked: z.number().int(), allowed: z.number().int(), redacted: z.number().int(), held: z.number().int() }),
    agents: z.array(z.string()).describe('Agents the decisions were recorded for'),
  }),
});
