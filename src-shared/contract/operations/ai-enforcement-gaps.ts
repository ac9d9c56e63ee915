// The enforcement gap scan of the AI posture spec (GET /api/v1/enforcement/gap-scan): high-risk agent-tool pairs
// (a tool giving an agent with two or more lethal-trifecta legs one of them) that no enforcement rule decides,
// ranked, each with the rule that would cover it; and the policy covering them all, ready for create_policy.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { TRIFECTA_LEG_NAMES } from './ai-posture';
import { ACCESS_DECISIONS, policyRuleInput } from './policy-schemas';

const enforcementGapSchema = z.object({
  rank: z.number().int().min(1),
  agent_id: z.string(),
  agent_name: z.string(),
  tool: z.string().describe('server/tool'),
  destination: z.string().describe('The tool as a policy destination: tool:server/tool'),
  legs: z.array(z.enum(TRIFECTA_LEG_NAMES)).describe('The trifecta legs this tool gives the agent'),
  risk: z.enum(['critical', 'high']).describe('critical: the agent has all three legs; high: two'),
  risk_score: z.number().describe('What the ranking sorts by: trifecta, cheapest leg, outbound before inbound before private data, used in its last run'),
  decision: z.enum(ACCESS_DECISIONS).describe('What policy decides now (allow by default, or monitor)'),
  why: z.string(),
  suggested_rule: policyRuleInput.describe('A create_policy rule that covers this pair: block for the cheapest leg of a full trifecta, else require_approval'),
});
export type EnforcementGap = z.output<typeof enforcementGapSchema>;

const gapScanSchema = z.object({
  generated_at: z.string(),
  summary: z.object({
    high_risk_pairs: z.number().int(),
    covered: z.number().int().describe('Pairs a rule decides (allow, block or require_approval)'),
    uncovered: z.number().int(),
    coverage_pct: z.number().nullable().describe('covered / high_risk_pairs in percent; null when there are no high-risk pairs'),
  }),
  gaps: z.array(enforcementGapSchema).describe('Uncovered pairs, highest risk first'),
  total: z.number().int().describe('Uncovered pairs in all (gaps holds the first `limit`)'),
  suggested_policy: z.object({ name: z.string(), description: z.string(), rules: z.array(policyRuleInput) }).nullable()
    .describe('Pass it to create_policy to cover every gap listed; null when there is none'),
});
export type GapScan = z.output<typeof gapScanSchema>;

export const aiEnforcementGaps = defineOperation({
  name: 'ai.enforcementGaps',
  title: 'Enforcement gap scan',
  description: 'High-risk agent-tool pairs no enforcement rule covers, ranked (the trifecta\'s cheapest leg first), each with the rule that would cover it, and a policy covering them all for create_policy.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    agent_id: z.string().min(1).max(100).optional().describe('Only this agent\'s gaps'),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  output: gapScanSchema,
  mcp: { tool: 'get_enforcement_gaps', description: 'List the high-risk agent-tool pairs no enforcement rule covers, ranked, with the policy that would cover them.' },
  rest: { method: 'GET', path: '/api/v1/enforcement/gap-scan' },
});
