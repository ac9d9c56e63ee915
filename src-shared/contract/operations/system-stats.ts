// Counts, database size and data quality at a glance (`threatmatic stats`, the console's overview).
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

const statsSchema = z.object({
  data_dir: z.string(),
  schema_version: z.number().int(),
  db_size_bytes: z.number().int().describe('The database pages (page_count × page_size) plus the write-ahead log'),
  db_wal_bytes: z.number().int().describe('The write-ahead log, not yet checkpointed into the database file'),
  db_free_bytes: z.number().int().describe('Free pages inside the database (left by deletes such as retention prunes), reused before the file grows'),
  devices: z.number().int(),
  users: z.number().int(),
  workloads: z.number().int(),
  events: z.number().int(),
  events_by_kind: z.record(z.string(), z.number().int()),
  unattributed_events: z.number().int(),
  indicators: z.number().int(),
  feeds: z.number().int(),
  intel_hits: z.number().int(),
  ingest_sources: z.number().int(),
  rejects: z.number().int(),
  audit_entries: z.number().int(),
  first_event_at: z.string().nullable(),
  last_event_at: z.string().nullable(),
});
export type Stats = z.output<typeof statsSchema>;

export const systemStats = defineOperation({
  name: 'system.stats',
  rest: { method: 'GET', path: '/api/v1/stats' },
  title: 'Overview',
  description: 'Counts of inventory, telemetry, indicators, rejects and audit entries, and the database size.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: statsSchema,
});
