// get_audit_log: the hash-chained audit log, newest first, filtered by actor, action, outcome and time.
// Scope admin: entries carry every agent's full call parameters.
import { z } from 'zod';
import { ACTOR_TYPES } from '../../domain/enums';
import { parseTimestamp } from '../../domain/time';
import { defineOperation, READ_ONLY } from '../define';

export const AUDIT_OUTCOMES = ['ok', 'error', 'denied', 'pending'] as const;

const auditEntrySchema = z.object({
  seq: z.number().int().min(1).describe('Position in the hash chain'),
  ts: z.string(),
  source: z.enum(ACTOR_TYPES).describe('Who acted: analyst, mcp_agent (an AI agent with an API key), api (a REST call with an API key), cli, scheduler or system'),
  actor_id: z.string().describe('The API key id for mcp_agent and api, the user name for analyst and cli'),
  actor_name: z.string().nullable().describe('The agent name (MCP clientInfo.name) when there is one'),
  action: z.string().describe('The operation or tool call, e.g. posture.device or policy.isolate'),
  params: z.unknown().describe('The full parameters of the call'),
  outcome: z.enum(AUDIT_OUTCOMES).describe('ok, error, denied (missing scope or key) or pending (held for approval)'),
  detail: z.unknown().describe('What the action produced or why it failed; null when nothing'),
  hash: z.string(),
});
export type AuditEntry = z.output<typeof auditEntrySchema>;

const timestamp = z.string().max(64).refine((v) => !Number.isNaN(parseTimestamp(v)), 'must be an ISO 8601 timestamp, e.g. 2026-05-21T09:00:00Z');

export const auditList = defineOperation({
  name: 'audit.list',
  rest: { method: 'GET', path: '/api/v1/audit-log' },
  title: 'Audit log',
  description: 'Read the audit log, newest first: every write and every MCP tool call with its actor (source, API key id, agent name), full parameters and outcome. Filter by actor, action, outcome and time; page back with before_seq.',
  scope: 'admin',
  annotations: READ_ONLY,
  input: z.object({
    actor: z.string().min(1).max(200).optional().describe('An actor id (API key id, user name), agent name, or source (e.g. mcp_agent)'),
    action: z.string().min(1).max(200).optional().describe('Exact action, e.g. posture.device, or a prefix ending in a dot, e.g. policy.'),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    since: timestamp.optional().describe('Only entries at or after this time (ISO 8601)'),
    before_seq: z.number().int().min(1).optional().describe('Only entries before this sequence number (next_before_seq of the previous page)'),
    limit: z.number().int().min(1).max(1000).default(50),
  }),
  output: z.object({
    entries: z.array(auditEntrySchema),
    next_before_seq: z.number().int().nullable().describe('Pass it as before_seq for older entries; null when there are none'),
  }),
  mcp: { tool: 'get_audit_log', description: 'Read the audit log: every action and tool call with its actor, agent, parameters and outcome.' },
});
