// events.search: stored telemetry (flows, DNS, auth, process, file... events as ingested), found by free
// text and field filters over a time range, newest first and paged, with a histogram of the matches over
// that range. The console's event search and device timelines read it; the same over REST and MCP.
import { z } from 'zod';
import { ENTITY_TYPES, EVENT_KINDS } from '../../domain/enums';
import { parseTimestamp } from '../../domain/time';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput } from '../pagination';

const timestamp = z.string().max(64).refine((v) => !Number.isNaN(parseTimestamp(v)), 'must be an ISO 8601 timestamp, e.g. 2026-05-21T09:00:00Z');

const telemetryEventSchema = z.object({
  id: z.number().int(),
  ts: z.string().describe('When it happened (data time, ISO 8601)'),
  kind: z.enum(EVENT_KINDS),
  entity_type: z.enum(ENTITY_TYPES).nullable(),
  entity_id: z.string().nullable(),
  src_ip: z.string().nullable(),
  src_port: z.number().int().nullable(),
  dst_ip: z.string().nullable(),
  dst_port: z.number().int().nullable(),
  proto: z.string().nullable(),
  bytes_out: z.number().nullable(),
  bytes_in: z.number().nullable(),
  domain: z.string().nullable(),
  user_id: z.string().nullable(),
  outcome: z.string().nullable(),
  hash: z.string().nullable(),
  detail: z.string().nullable().describe('The source\'s own detail (untrusted text)'),
});
export type TelemetryEvent = z.output<typeof telemetryEventSchema>;

export const eventsSearch = defineOperation({
  name: 'events.search',
  rest: { method: 'GET', path: '/api/v1/events' },
  title: 'Search events',
  description: 'Search stored telemetry events, newest first: free text (addresses, domain, entity, user, hash, detail) and field filters over a time range, with a histogram of the matching events over that range.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    q: z.string().max(200).optional().describe('Case-insensitive text found in an address, domain, entity, user, hash or detail'),
    kind: z.enum(EVENT_KINDS).optional(),
    entity_id: z.string().min(1).max(200).optional().describe('A device, user or workload id'),
    src_ip: z.string().min(1).max(100).optional(),
    dst_ip: z.string().min(1).max(100).optional(),
    dst_port: z.number().int().min(0).max(65535).optional(),
    domain: z.string().min(1).max(300).optional(),
    user_id: z.string().min(1).max(200).optional(),
    outcome: z.string().min(1).max(100).optional(),
    ids: z.array(z.number().int().min(1)).min(1).max(100).optional().describe('Only these event ids (e.g. an anomaly\'s evidence event_ids); the range then defaults to the one they span'),
    since: timestamp.optional().describe('Only events at or after this time (ISO 8601); default: 24 hours before until'),
    until: timestamp.optional().describe('Only events before this time (ISO 8601); default: the newest stored event'),
    buckets: z.number().int().min(1).max(200).default(48).describe('Histogram bars over the range'),
    ...pageInput,
  }),
  output: z.object({
    events: z.array(telemetryEventSchema),
    total: z.number().int().min(0),
    since: z.string().nullable().describe('The range searched (null when nothing is stored)'),
    until: z.string().nullable(),
    histogram: z.array(z.object({ start: z.string(), count: z.number().int().min(0) })).describe('Matching events per equal slice of the range, oldest first'),
  }),
  mcp: { tool: 'search_events', description: 'Search stored telemetry events (free text, kind, entity, addresses, domain, user, outcome) over a time range, newest first, with a histogram of matches over time.' },
});
