// subscribe_events: wait for matching events from the event log. Over MCP the call stays open and each
// event is sent as a notification as it happens; it returns with the events and the cursor to resume
// from when max_events arrive or the timeout passes. Doors that cannot hold a call open get what is
// already there after the cursor, at once.
import { z } from 'zod';
import { ENTITY_TYPES, EVENT_TYPES, SEVERITIES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { loggedEventSchema } from './events-read';

const SUBSCRIBE_TIMEOUT = { default: 30, max: 300 } as const;

export const eventsSubscribe = defineOperation({
  name: 'events.subscribe',
  title: 'Subscribe to events',
  description: 'Wait for events matching the filters (anomalies, incidents, posture changes, policy events), receiving each as a notification while the call is open; returns them with next_cursor when max_events arrive or the timeout passes. Call again with cursor = next_cursor to resume without loss.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    filters: z.object({
      event_type: z.enum(EVENT_TYPES).optional(),
      severity: z.enum(SEVERITIES).optional(),
      entity_type: z.enum(ENTITY_TYPES).optional(),
      entity_id: z.string().min(1).max(200).optional(),
    }).default({}).describe('Every given filter must match'),
    cursor: z.number().int().min(0).optional().describe('Resume after this cursor (next_cursor of an earlier call or read_events); omit to receive events from now on'),
    timeout_seconds: z.number().int().min(0).max(SUBSCRIBE_TIMEOUT.max).default(SUBSCRIBE_TIMEOUT.default).describe(`How long to wait for events (default ${SUBSCRIBE_TIMEOUT.default}, at most ${SUBSCRIBE_TIMEOUT.max})`),
    max_events: z.number().int().min(1).max(1000).default(100).describe('Return as soon as this many events arrived'),
  }),
  output: z.object({
    events: z.array(loggedEventSchema),
    next_cursor: z.number().int().min(0).describe('Pass it as cursor to continue where this call stopped'),
  }),
  mcp: { tool: 'subscribe_events', description: 'Subscribe to fleet events (anomalies, incidents, posture changes, policy events) matching filters; each event is sent as a notification while the call is open.' },
});
