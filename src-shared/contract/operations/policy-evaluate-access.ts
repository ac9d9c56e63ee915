// evaluate_access: would this identity reach this destination under current policy, and which rule decides.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { ACCESS_DECISIONS, POLICY_IDENTITY_TYPES, policyRuleSchema } from './policy-schemas';

const ruleRef = policyRuleSchema.extend({
  policy_id: z.string(),
  rule_index: z.number().int().min(0).describe('Position of the rule in its policy'),
});

const evaluateAccessResultSchema = z.object({
  decision: z.enum(ACCESS_DECISIONS),
  deciding_policy_id: z.string().nullable().describe('null: no rule applies and the default (allow) decides'),
  deciding_rule: ruleRef.nullable(),
  reason: z.string(),
  considered: z.array(ruleRef.extend({ applies_to: z.string().describe('The identity the rule matched, e.g. device:dev_x or user:sarah.k@acmecorp.com') }))
    .describe('Every active rule matching the identity and destination, in precedence order'),
  identities: z.array(z.string()).describe('Identities evaluated: the one asked, plus the active user of a device'),
  destination: z.string().describe('Canonical form of the destination'),
});
export type EvaluateAccessResult = z.output<typeof evaluateAccessResultSchema>;

export const policyEvaluateAccess = defineOperation({
  name: 'policy.evaluateAccess',
  rest: { method: 'GET', path: '/api/v1/access/evaluate' },
  title: 'Evaluate access',
  description: 'Would this identity reach this destination under current policy? Precedence: isolation > allow exception > block (most specific first) > require_mfa > monitor > default allow.',
  scope: 'policy:read',
  annotations: READ_ONLY,
  input: z.object({
    identity_type: z.enum(POLICY_IDENTITY_TYPES),
    identity_id: z.string().min(1).max(200),
    destination: z.string().min(1).max(300).describe('IP address, domain name, or app_id'),
    port: z.number().int().min(0).max(65535).optional().describe('Destination port; rules are address- and name-level, so it is echoed in the reason and does not change the decision'),
  }),
  output: evaluateAccessResultSchema,
  mcp: { tool: 'evaluate_access', description: 'Evaluate whether an identity may reach a destination under current policy, and which rule decides.' },
});
