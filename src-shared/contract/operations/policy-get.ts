// get_policy: one policy with its full version history and recent violations.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { policySchema, policyVersionSchema } from './policy-schemas';

const policyDetailSchema = policySchema.extend({
  history: z.array(policyVersionSchema).describe('Every version, newest first'),
  violations_24h: z.number().int().min(0).describe('Telemetry events that broke this policy in the last 24 h'),
});
export type PolicyDetail = z.output<typeof policyDetailSchema>;

export const policyGet = defineOperation({
  name: 'policy.get',
  rest: { method: 'GET', path: '/api/v1/policies/{policy_id}' },
  title: 'Policy',
  description: 'Get one policy: its current rules and state, every earlier version, and its violations in the last 24 h.',
  scope: 'policy:read',
  annotations: READ_ONLY,
  input: z.object({ policy_id: z.string().min(1).max(200) }),
  output: policyDetailSchema,
  mcp: { tool: 'get_policy', description: 'Get a policy with its version history.' },
});
