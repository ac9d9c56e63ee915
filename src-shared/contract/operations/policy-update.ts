// update_policy: replace a policy's rules or toggle it; every change is a new version, the old ones kept.
import { z } from 'zod';
import { defineOperation } from '../define';
import { MAX_RULES } from './policy-create';
import { blastRadiusSchema, policyRuleInput, policySchema, reasonInput } from './policy-schemas';

export const policyUpdate = defineOperation({
  name: 'policy.update',
  rest: { method: 'PATCH', path: '/api/v1/policies/{policy_id}' },
  title: 'Update policy',
  description: 'Update an existing policy: replace its rules and/or enable or disable it. A change makes a new version; an update that changes nothing makes none. The same guard rails as create apply to the result; it carries its blast radius.',
  scope: 'policy:write',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  changesAccess: true,
  input: z.object({
    policy_id: z.string().min(1).max(200),
    enabled: z.boolean().optional(),
    rules: z.array(policyRuleInput).max(MAX_RULES).optional(),
    reason: reasonInput.optional(),
  }),
  output: policySchema.extend({
    changed: z.boolean().describe('false when the update changed nothing (no new version)'),
    blast_radius: blastRadiusSchema.describe('How many devices, users and workloads the change affects: those of the rules before and after (also in its audit entry)'),
  }),
  mcp: { tool: 'update_policy', description: 'Update an existing policy.' },
});
