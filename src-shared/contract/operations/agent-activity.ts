// Agent activity intake: what an instrumented agent reports (runs, model calls, tool calls, errors,
// heartbeats), in batches, and the recent activity the console and analysts read back. Contents of
// prompts and arguments are kept only when the agent's owner turned capture on; otherwise the store keeps
// the argument digest alone.
import { z } from 'zod';
import { AGENT_EVENT_TYPES, ASSET_STATUSES, CALL_OUTCOMES } from '../../domain/ai-assets';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput } from '../pagination';

const MAX_EVENTS_PER_REPORT = 1000;
const MAX_CONTENT_CHARS = 16_384;

const short = z.string().trim().min(1).max(200);
const agentId = z.string().min(1).max(100).describe('The agent asset id (agt_…), as registration returned it');

const agentEventInput = z.object({
  type: z.enum(AGENT_EVENT_TYPES),
  ts: z.iso.datetime({ offset: true }).optional().describe('When it happened (ISO 8601 with zone); the time of receipt when absent'),
  run_id: short.optional(),
  model: short.optional(),
  input_tokens: z.number().int().min(0).max(100_000_000).optional(),
  output_tokens: z.number().int().min(0).max(100_000_000).optional(),
  server: short.optional().describe('MCP server (or tool provider) of a tool call'),
  tool: short.optional(),
  args_digest: z.string().regex(/^[0-9a-f]{16,128}$/, 'hex digest').optional().describe('Digest of the call arguments (the SDK sends SHA-256)'),
  outcome: z.enum(CALL_OUTCOMES).optional(),
  duration_ms: z.number().min(0).max(86_400_000).optional(),
  error: z.string().max(500).optional().describe('Error type or short message'),
  content: z.string().max(MAX_CONTENT_CHARS).optional().describe('Prompt or argument contents: kept only when the agent has capture_contents on'),
});

const agentEventSchema = z.object({
  id: z.number().int(),
  ts: z.string(),
  type: z.enum(AGENT_EVENT_TYPES),
  run_id: z.string().nullable(),
  model: z.string().nullable(),
  input_tokens: z.number().int().nullable(),
  output_tokens: z.number().int().nullable(),
  server: z.string().nullable(),
  tool: z.string().nullable(),
  args_digest: z.string().nullable(),
  outcome: z.enum(CALL_OUTCOMES).nullable(),
  duration_ms: z.number().nullable(),
  error: z.string().nullable(),
  content: z.string().nullable(),
});
export type AgentEvent = z.output<typeof agentEventSchema>;

export const agentsReportEvents = defineOperation({
  name: 'agents.reportEvents',
  title: 'Report agent activity',
  description: 'Record a batch of an agent\'s activity (run start and stop, LLM calls, tool calls, errors, heartbeats); any report counts as a heartbeat. Contents are discarded unless the agent has capture on.',
  scope: 'assets:write',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    agent_id: agentId,
    events: z.array(agentEventInput).max(MAX_EVENTS_PER_REPORT),
    dropped: z.number().int().min(0).optional().describe('Events the reporter had to drop since its last report (full buffer, server down)'),
  }),
  output: z.object({
    accepted: z.number().int(),
    contents_discarded: z.number().int().describe('Events whose content was not kept because capture is off'),
    status: z.enum(ASSET_STATUSES),
    last_seen_at: z.string().nullable(),
  }),
  rest: { method: 'POST', path: '/api/v1/agents/{agent_id}/events' },
});

const toolUseSchema = z.object({ server: z.string().nullable(), tool: z.string(), calls: z.number().int(), errors: z.number().int(), blocked: z.number().int() });

const agentActivitySummarySchema = z.object({
  since: z.string().describe('Start of the summarized window (the last 24 hours)'),
  runs: z.number().int(),
  llm_calls: z.number().int(),
  tool_calls: z.number().int(),
  errors: z.number().int().describe('Error events and calls that ended in error'),
  blocked: z.number().int(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  models: z.array(z.object({ model: z.string(), calls: z.number().int() })),
  tools: z.array(toolUseSchema),
  dropped_reported: z.number().int().describe('Events the agent said it dropped, over all time'),
  last_event_at: z.string().nullable(),
});

export const agentsActivity = defineOperation({
  name: 'agents.activity',
  title: 'Agent activity',
  description: "An agent's recent activity, newest first, and a summary of the last 24 hours (runs, calls, tokens, errors, tools and models used).",
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    agent_id: agentId,
    type: z.enum(AGENT_EVENT_TYPES).optional(),
    run_id: z.string().max(200).optional(),
    ...pageInput,
  }),
  output: z.object({ events: z.array(agentEventSchema), total: z.number().int(), summary: agentActivitySummarySchema }),
  mcp: { tool: 'get_agent_activity', description: "Get an AI agent's recent runs, model and tool calls, and a 24-hour summary." },
  rest: { method: 'GET', path: '/api/v1/agents/{agent_id}/events' },
});
