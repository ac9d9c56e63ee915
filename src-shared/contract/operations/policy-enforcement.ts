// Enforcement endpoints (signed webhooks every decision change is sent to) and their delivery log.
// Admin only: an endpoint's secret signs what enforcement points act on.
import { z } from 'zod';
import { defineOperation } from '../define';
import { pageInput } from '../pagination';

const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'failed'] as const;

export const endpointSchema = z.object({
  endpoint_id: z.string(),
  url: z.string(),
  enabled: z.boolean(),
  secret_hint: z.string().describe('The last 4 characters of the signing secret; the secret itself is never shown again'),
  created_at: z.string(),
});

const deliverySchema = z.object({
  delivery_id: z.number().int(),
  endpoint_id: z.string(),
  url: z.string(),
  change_id: z.string().describe('The decision change; one per policy change, sent to every endpoint'),
  action: z.string(),
  policy_id: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int().min(0),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export type Delivery = z.output<typeof deliverySchema>;

const ADMIN_READ = { readOnly: true, destructive: false, idempotent: true };

export const enforcementAddEndpoint = defineOperation({
  name: 'enforcement.addEndpoint',
  rest: { method: 'POST', path: '/api/v1/enforcement/endpoints' },
  title: 'Add enforcement endpoint',
  description: 'Add an enforcement endpoint: every policy decision change is POSTed to it as JSON signed with HMAC-SHA256 of the secret.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    url: z.string().min(1).max(2000).describe('http:// or https:// URL'),
    secret: z.string().min(16).max(500).describe('Shared signing secret (at least 16 characters)'),
  }),
  secretFields: ['secret'],
  output: endpointSchema,
});

export const enforcementEndpoints = defineOperation({
  name: 'enforcement.endpoints',
  rest: { method: 'GET', path: '/api/v1/enforcement/endpoints' },
  title: 'Enforcement endpoints',
  description: 'List the enforcement endpoints decision changes are sent to.',
  scope: 'admin',
  annotations: ADMIN_READ,
  input: z.object({}),
  output: z.object({ endpoints: z.array(endpointSchema) }),
});

export const enforcementRemoveEndpoint = defineOperation({
  name: 'enforcement.removeEndpoint',
  rest: { method: 'DELETE', path: '/api/v1/enforcement/endpoints/{endpoint_id}' },
  title: 'Remove enforcement endpoint',
  description: 'Remove an enforcement endpoint; its undelivered changes are marked failed. The delivery log is kept.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({ endpoint_id: z.string().min(1).max(200) }),
  output: z.object({ endpoint_id: z.string(), url: z.string(), cancelled_deliveries: z.number().int().min(0) }),
});

export const enforcementDeliveries = defineOperation({
  name: 'enforcement.deliveries',
  rest: { method: 'GET', path: '/api/v1/enforcement/deliveries' },
  title: 'Enforcement deliveries',
  description: 'The delivery log of decision changes to enforcement endpoints, newest first: status, attempts, last error.',
  scope: 'admin',
  annotations: ADMIN_READ,
  input: z.object({
    status: z.enum(DELIVERY_STATUSES).optional(),
    endpoint_id: z.string().max(200).optional(),
    ...pageInput,
  }),
  output: z.object({ deliveries: z.array(deliverySchema), total: z.number().int().min(0) }),
});
