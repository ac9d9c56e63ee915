// What was ingested and what was rejected, and why: an analyst's view of data quality.
import { z } from 'zod';
import { TELEMETRY_FORMATS } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput } from '../pagination';

const ingestSourceSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  sha256: z.string(),
  format: z.enum(TELEMETRY_FORMATS),
  size_bytes: z.number().int(),
  lines_done: z.number().int(),
  events: z.number().int(),
  rejects: z.number().int(),
  skipped: z.number().int(),
  intel_hits: z.number().int(),
  status: z.enum(['partial', 'complete']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type IngestSource = z.output<typeof ingestSourceSchema>;

const rejectSchema = z.object({
  id: z.number().int(),
  file: z.string(),
  line: z.number().int(),
  reason: z.string(),
  excerpt: z.string().nullable(),
  at: z.string(),
});
export type Reject = z.output<typeof rejectSchema>;

export const listIngestSources = defineOperation({
  name: 'ingest.sources',
  rest: { method: 'GET', path: '/api/v1/ingest/sources' },
  title: 'Ingested files',
  description: 'List ingested telemetry files with their format and counts of events, rejects and intel hits.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ ...pageInput }),
  output: z.object({ sources: z.array(ingestSourceSchema), total: z.number().int() }),
});

export const listRejects = defineOperation({
  name: 'ingest.rejects',
  rest: { method: 'GET', path: '/api/v1/ingest/rejects' },
  title: 'Rejected lines',
  description: 'List telemetry lines that were rejected at ingest, with file, line number and reason.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ source_id: z.number().int().optional(), ...pageInput }),
  output: z.object({ rejects: z.array(rejectSchema), total: z.number().int() }),
});
