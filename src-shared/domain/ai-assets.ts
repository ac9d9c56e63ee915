// The vocabulary of the AI asset registry: AI agents and the MCP servers they reach, beside devices, users
// and workloads. Each list is the single source of its zod enum, TS type and UI labels.

export const ASSET_KINDS = ['agent', 'mcp_server'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

/** active: reported within IDLE_AFTER_MS; idle: registered but quiet since; retired: taken out of service by a person. */
export const ASSET_STATUSES = ['active', 'idle', 'retired'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** An asset counts as active while it reported (heartbeat, activity, registration) within this window. */
export const IDLE_AFTER_MS = 5 * 60_000;

export const MCP_TRANSPORTS = ['stdio', 'streamable_http', 'sse'] as const;

export const ASSET_ENVIRONMENTS = ['production', 'staging', 'development', 'test', 'other'] as const;

/** What an agent reports: its runs, model calls, tool calls, errors, and that it is alive. */
export const AGENT_EVENT_TYPES = ['run_start', 'run_stop', 'llm_call', 'tool_call', 'error', 'heartbeat'] as const;
export type AgentEventType = (typeof AGENT_EVENT_TYPES)[number];

/** redacted: the call went through with data removed; held: it waits for a person's approval (an enforcement gateway's verdicts). */
export const CALL_OUTCOMES = ['ok', 'error', 'blocked', 'redacted', 'held'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/**
 * What the AI side of the engine finds about agents and MCP servers. MCP scanning reports poisoned tools,
 * shadowing and rug pulls; AI posture reports the lethal trifecta and behavioural drift; shadow-AI
 * discovery reports unapproved services and PII spikes. One list so every door and the console share it.
 */
export const AI_ANOMALY_TYPES = [
  'mcp_rug_pull', 'mcp_tool_poisoning', 'mcp_tool_shadowing', 'mcp_server_unreachable',
  'lethal_trifecta', 'agent_behavior_drift', 'agent_blocked_calls',
  'unapproved_ai_service', 'pii_spike',
] as const;
export type AiAnomalyType = (typeof AI_ANOMALY_TYPES)[number];

/** What an AI anomaly is about: an asset in the registry, or an AI service seen in use (shadow AI). */
export const AI_SUBJECT_KINDS = ['agent', 'mcp_server', 'ai_service'] as const;
export type AiSubjectKind = (typeof AI_SUBJECT_KINDS)[number];
