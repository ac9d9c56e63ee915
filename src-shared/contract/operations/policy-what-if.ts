// What-if for a policy change before it is saved: the decision current policy gives one identity for one
// destination, beside the decision it would get with a draft policy (new, or replacing an existing one's
// rules and state). The draft's rules are checked exactly as create/update check them, so a bad CIDR or
// an unknown device is refused here naming the field, and nothing is written.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { MAX_RULES } from './policy-create';
import { evaluateAccessResultSchema, policyEvaluateAccess } from './policy-evaluate-access';
import { policyRuleInput } from './policy-schemas';

export const policyWhatIf = defineOperation({
  name: 'policy.whatIf',
  rest: { method: 'POST', path: '/api/v1/access/what-if' },
  title: 'What-if for a policy draft',
  description: 'Evaluate access (as evaluate_access does) under current policy and under current policy with a draft applied: a new policy, or new rules or state for an existing one. The draft is validated like create/update (errors name rules[i].field) and never saved.',
  scope: 'policy:read',
  annotations: READ_ONLY,
  input: policyEvaluateAccess.input.extend({
    draft: z.object({
      policy_id: z.string().min(1).max(200).optional().describe('The policy the draft replaces; omitted: a new policy'),
      rules: z.array(policyRuleInput).max(MAX_RULES),
      enabled: z.boolean().default(true),
    }),
  }),
  output: z.object({
    current: evaluateAccessResultSchema.describe('The decision under the policies in force now'),
    with_draft: evaluateAccessResultSchema.describe('The decision if the draft were saved (a new policy is shown as policy_id "draft")'),
    changed: z.boolean().describe('true when the draft changes the decision or the rule that decides it'),
  }),
});
