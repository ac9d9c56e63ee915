// block_destination: block traffic to an IP, CIDR or domain pattern, fleet-wide or for one device or user.
import { z } from 'zod';
import { defineOperation } from '../define';
import { actionResultFields, DESTINATION_TYPES, reasonInput } from './policy-schemas';

const BLOCK_SCOPES = ['fleet', 'device', 'user'] as const;

export const blockDestinationResultSchema = z.object({
  ...actionResultFields,
  status: z.enum(['blocked', 'already_blocked', 'updated']).describe('updated: the block existed and its expiry or reason changed'),
  destination: z.string().describe('Canonical form of the destination'),
  destination_type: z.enum(DESTINATION_TYPES),
  scope: z.enum(BLOCK_SCOPES),
  scope_id: z.string().nullable(),
  expires_at: z.string().nullable(),
});

export const policyBlockDestination = defineOperation({
  name: 'policy.blockDestination',
  rest: { method: 'POST', path: '/api/v1/destinations/block' },
  title: 'Block destination',
  description: 'Block traffic to an IP, CIDR or domain pattern, fleet-wide or for one device or user, permanently or until expires_at.',
  scope: 'destination:block',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  changesAccess: true,
  input: z.object({
    destination: z.string().min(1).max(300).describe('IP address, CIDR range (e.g. 185.234.0.0/16), or domain pattern (e.g. *.attacker-domain.ru)'),
    scope: z.enum(BLOCK_SCOPES).optional().describe('Apply block fleet-wide, or scope to a specific device or user (default: fleet)'),
    scope_id: z.string().min(1).max(200).optional().describe("Required when scope is 'device' or 'user'"),
    expires_at: z.string().max(100).optional().describe('ISO 8601 timestamp — block auto-expires at this time. Omit for permanent.'),
    reason: reasonInput.optional(),
  }),
  output: blockDestinationResultSchema,
  mcp: { tool: 'block_destination', description: 'Block all fleet traffic to an IP, CIDR, or domain.' },
});
