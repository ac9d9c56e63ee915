// list_policies: the policies, filtered by state, kind or the identity their rules name.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput, searchInput } from '../pagination';
import { POLICY_KINDS, POLICY_STATUSES, policySchema } from './policy-schemas';

export const policyList = defineOperation({
  name: 'policy.list',
  rest: { method: 'GET', path: '/api/v1/policies' },
  title: 'Policies',
  description: 'List policies (newest change first), optionally only those in a status, of a kind, or naming an identity in their rules.',
  scope: 'policy:read',
  annotations: READ_ONLY,
  input: z.object({
    status: z.enum(POLICY_STATUSES).optional(),
    kind: z.enum(POLICY_KINDS).optional(),
    identity_id: z.string().max(200).optional().describe('Only policies with a rule naming this device, user, app or workload id'),
    search: searchInput,
    ...pageInput,
  }),
  output: z.object({ policies: z.array(policySchema), total: z.number().int().min(0) }),
  mcp: { tool: 'list_policies', description: 'List policies, optionally filtered by status, kind, or the identity their rules target.' },
});
