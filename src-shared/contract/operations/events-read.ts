// events.read: the durable event log from a cursor (anomalies, incidents, posture changes, policy
// events), filtered; what live views poll. The MCP subscribe_events tool streams the same log.
import { z } from 'zod';
import { ENTITY_TYPES, EVENT_TYPES, SEVERITIES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';

export const loggedEventSchema = z.object({
  cursor: z.number().int().min(1),
  ts: z.string(),
  event_type: z.enum(EVENT_TYPES),
  severity: z.enum(SEVERITIES).nullable(),
  entity_type: z.enum(ENTITY_TYPES).nullable(),
  entity_id: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type LoggedEventView = z.output<typeof loggedEventSchema>;

export const eventsRead = defineOperation({
  name: 'events.read',
  rest: { method: 'GET', path: '/api/v1/signals' },
  title: 'Event log',
  description: 'Read the event log after a cursor, oldest first, optionally filtered by event type, severity and entity; resume from next_cursor. Without a cursor, reading starts at the newest event.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    cursor: z.number().int().min(0).optional().describe('Read events after this cursor (0: from the first); omit to get only the cursor of the newest event'),
    limit: z.number().int().min(1).max(1000).default(100),
    event_type: z.enum(EVENT_TYPES).optional(),
    severity: z.enum(SEVERITIES).optional(),
    entity_type: z.enum(ENTITY_TYPES).optional(),
    entity_id: z.string().min(1).max(200).optional(),
  }),
  output: z.object({
    events: z.array(loggedEventSchema),
    next_cursor: z.number().int().min(0).describe('Pass it as cursor to read what comes next'),
  }),
  mcp: { tool: 'read_events', description: 'Read fleet events after a cursor, oldest first, with optional filters; resume from next_cursor. For clients that cannot hold a subscribe_events call open.' },
});
