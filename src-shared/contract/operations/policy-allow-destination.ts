// allow_destination: an exception for one device or user that overrides blocks of that destination.
import { z } from 'zod';
import { defineOperation } from '../define';
import { actionResultFields, DESTINATION_TYPES, reasonInput } from './policy-schemas';

const ALLOW_SCOPES = ['device', 'user'] as const;

export const allowDestinationResultSchema = z.object({
  ...actionResultFields,
  status: z.enum(['allowed', 'already_allowed']),
  destination: z.string().describe('Canonical form of the destination'),
  destination_type: z.enum(DESTINATION_TYPES),
  scope: z.enum(ALLOW_SCOPES),
  scope_id: z.string(),
  overrides: z.array(z.string()).describe('Active block policies this exception now overrides for the device or user'),
});

export const policyAllowDestination = defineOperation({
  name: 'policy.allowDestination',
  rest: { method: 'POST', path: '/api/v1/destinations/allow' },
  title: 'Allow destination',
  description: 'Explicitly allow traffic to a destination for one device or user: the exception overrides blocks of it (not an isolation).',
  scope: 'destination:block',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  changesAccess: true,
  input: z.object({
    destination: z.string().min(1).max(300),
    scope: z.enum(ALLOW_SCOPES).optional(),
    scope_id: z.string().min(1).max(200),
    reason: reasonInput.optional(),
  }),
  output: allowDestinationResultSchema,
  mcp: { tool: 'allow_destination', description: 'Explicitly allow traffic to a destination for a specific device or user.' },
});
