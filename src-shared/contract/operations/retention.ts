// Retention: how long each kind of data is kept before the scheduler prunes it (`threatmatic retention
// show|set|prune`, the console's /api/ops). Changing it is an admin action, audited; shortening a window
// deletes data at the next prune, so `retention.set` is annotated destructive.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

/** The kinds of data pruned by age; everything else (inventory, anomalies, incidents, policies, the audit log) is kept. */
export const RETENTION_KINDS = ['events', 'intel_hits', 'hourly_rollups', 'event_log', 'rejects', 'agent_events'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** The longest window that can be set, ten years; `null` keeps a kind forever. */
const MAX_RETENTION_DAYS = 3650;

const days = z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable();

const kindSchema = z.object({
  kind: z.enum(RETENTION_KINDS),
  days: days.describe('Days kept; null: kept forever'),
  default_days: days.describe('The built-in default'),
  configured: z.boolean().describe('Whether an operator set it (else the default applies)'),
  pruned_before: z.string().nullable().describe('Rows older than this may have been pruned (ISO 8601); null: never pruned'),
  what: z.string().describe('What the kind holds, and the time it is aged by'),
});

const retentionSchema = z.object({ kinds: z.array(kindSchema) });

export const retentionGet = defineOperation({
  name: 'retention.get',
  title: 'Retention settings',
  description: 'How long each kind of data is kept (events, intel hits, hourly roll-ups, the event log, rejects), the defaults, and how far each was pruned.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: retentionSchema,
  rest: { method: 'GET', path: '/api/v1/retention' },
});

export const retentionSet = defineOperation({
  name: 'retention.set',
  title: 'Set retention',
  description:
    'Sets how many days a kind of data is kept (null: forever); kinds not given keep their setting. Hourly roll-ups must be kept at least as long as ' +
    'events (db rebuild-derived recomputes roll-ups from the kept events). A shorter window deletes the older data at the next prune.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  input: z.object(Object.fromEntries(RETENTION_KINDS.map((k) => [k, days.optional()])) as Record<RetentionKind, z.ZodOptional<typeof days>>).strict(),
  output: retentionSchema,
  rest: { method: 'PATCH', path: '/api/v1/retention' },
});

const prunedSchema = z.object({
  deleted: z.record(z.enum(RETENTION_KINDS), z.number().int()).describe('Rows deleted per kind'),
  batches: z.number().int().describe('Transactions it took; each one short, so other writers get in between'),
  max_batch_ms: z.number().describe('The longest any one batch held the write lock'),
  seconds: z.number(),
});

export const retentionPrune = defineOperation({
  name: 'retention.prune',
  title: 'Prune now',
  description: 'Deletes what is older than its retention window now, in small batches, instead of waiting for the hourly prune of a running console.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  input: z.object({}),
  output: prunedSchema,
  rest: { method: 'POST', path: '/api/v1/retention/prune' },
});
