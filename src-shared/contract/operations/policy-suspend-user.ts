// suspend_user: cut all network access of a user identity, on every device they are active on.
import { z } from 'zod';
import { defineOperation } from '../define';
import { actionResultFields, reasonInput } from './policy-schemas';

export const suspendUserResultSchema = z.object({
  ...actionResultFields,
  user_id: z.string(),
  status: z.enum(['suspended', 'already_suspended', 'updated']).describe('updated: the suspension existed and its expiry or reason changed'),
  expires_at: z.string().nullable(),
  devices: z.array(z.string()).describe('Devices the user is active on: their traffic counts against the suspension while the user is their active user'),
});

export const policySuspendUser = defineOperation({
  name: 'policy.suspendUser',
  rest: { method: 'POST', path: '/api/v1/users/{user_id}/suspend' },
  title: 'Suspend user',
  description: 'Suspend all network access for a user identity, optionally until expires_at.',
  scope: 'user:suspend',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  changesAccess: true,
  input: z.object({
    user_id: z.string().min(1).max(200),
    reason: reasonInput.optional(),
    expires_at: z.string().max(100).optional().describe('Auto-restore at this time if provided'),
  }),
  output: suspendUserResultSchema,
  mcp: { tool: 'suspend_user', description: 'Suspend all network access for a user identity.' },
});
