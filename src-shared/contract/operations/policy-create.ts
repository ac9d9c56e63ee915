// create_policy: a new named policy of rules addressing users, devices, apps or workloads.
import { z } from 'zod';
import { defineOperation } from '../define';
import { blastRadiusSchema, policyRuleInput, policySchema } from './policy-schemas';

export const MAX_RULES = 500;

export const policyCreate = defineOperation({
  name: 'policy.create',
  rest: { method: 'POST', path: '/api/v1/policies' },
  title: 'Create policy',
  description: 'Create a new named policy of rules (identity, action, optional destination), enabled by default. Each rule names an identity or a destination; a policy that would block all traffic of the whole fleet is refused. An AI agent is an identity (identity_type agent, its agt_ id) and an MCP tool a destination (tool:server/tool, or tool:server/* for every tool of a server), with block, allow or require_approval. The result carries its blast radius.',
  scope: 'policy:write',
  annotations: { readOnly: false, destructive: true, idempotent: false },
  changesAccess: true,
  input: z.object({
    name: z.string().min(1).max(200).describe('Human-readable policy name'),
    description: z.string().max(2000).optional(),
    rules: z.array(policyRuleInput).max(MAX_RULES).describe('Array of policy rules'),
    enabled: z.boolean().default(true),
  }),
  output: policySchema.extend({ blast_radius: blastRadiusSchema.describe('How many devices, users and workloads the policy affects (also in its audit entry)') }),
  mcp: { tool: 'create_policy', description: 'Create a new policy targeting specific users, devices, apps, or destinations.' },
});
