// restore_user: lift a user's suspension (the "restore" of the spec's user:suspend scope).
import { z } from 'zod';
import { defineOperation } from '../define';
import { actionResultFields, reasonInput } from './policy-schemas';

export const restoreUserResultSchema = z.object({
  ...actionResultFields,
  user_id: z.string(),
  status: z.enum(['restored', 'not_suspended']),
});

export const policyRestoreUser = defineOperation({
  name: 'policy.restoreUser',
  rest: { method: 'POST', path: '/api/v1/users/{user_id}/restore' },
  title: 'Restore user',
  description: 'Restore network access for a suspended user identity. A user who is not suspended is left as they are.',
  scope: 'user:suspend',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  changesAccess: true,
  input: z.object({
    user_id: z.string().min(1).max(200),
    reason: reasonInput.optional(),
  }),
  output: restoreUserResultSchema,
  mcp: { tool: 'restore_user', description: 'Restore network access for a suspended user identity.' },
});
