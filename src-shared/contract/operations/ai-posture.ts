// AI posture (spec: threatvec-ai-posture.txt): the weighted composite of an Agent score, an MCP score and a
// Shadow AI score (default 40/35/25), each agent's posture card with its lethal-trifecta risk profile, the
// plain-English brief, the weights, and analysts' overrides of how a tool is classified. A dimension or
// component with no data is reported as not assessed and left out of the composite (weights renormalized).
import { z } from 'zod';
import { SCORE_BANDS } from './posture-schemas';
import { ACCESS_DECISIONS } from './policy-schemas';
import { defineOperation, READ_ONLY } from '../define';

export const AI_POSTURE_DIMENSIONS = ['agent', 'mcp', 'shadow'] as const;
export type AiPostureDimension = (typeof AI_POSTURE_DIMENSIONS)[number];
export const DEFAULT_AI_WEIGHTS: Record<AiPostureDimension, number> = { agent: 40, mcp: 35, shadow: 25 };
export const TRIFECTA_LEG_NAMES = ['private_data', 'untrusted_content', 'external_comms'] as const;

const score = z.number().int().min(0).max(100);
const band = z.enum(SCORE_BANDS);

const aiFactorSchema = z.object({
  factor: z.string().describe('Machine name, e.g. lethal_trifecta, no_owner, drift_new_tools'),
  component: z.string().describe('What it counts against: rule_coverage, trust, drift, red_team, risk_profile, integrity, shadow'),
  points: z.number().describe('Points taken off (negative)'),
  why: z.string().describe('Plain-language reason, with the numbers behind it'),
});
export type AiFactor = z.output<typeof aiFactorSchema>;

const notAssessedSchema = z.object({
  component: z.string(),
  why: z.string().describe('Why there is no number: what data is missing'),
});

const legSchema = z.object({
  leg: z.enum(TRIFECTA_LEG_NAMES),
  label: z.string(),
  present: z.boolean(),
  tools: z.array(z.object({ tool: z.string(), reason: z.string().describe('The rule (or analyst override) that put the tool on this leg') })),
});
const trifectaSchema = z.object({
  legs: z.array(legSchema),
  complete: z.boolean().describe('All three legs: maximum risk'),
  cheapest_leg: z.enum(TRIFECTA_LEG_NAMES).nullable().describe('With all three: the leg with the fewest tools to block'),
  cheapest_reason: z.string().nullable(),
});

const agentToolEntrySchema = z.object({
  tool: z.string().describe('server/tool, or the tool name when no server is named'),
  legs: z.array(z.enum(TRIFECTA_LEG_NAMES)).describe('The trifecta legs this tool supplies'),
  high_risk: z.boolean().describe('The agent has two or more legs and this tool supplies one: an enforcement rule should cover it'),
  decision: z.enum(ACCESS_DECISIONS).describe('What policy decides for this agent calling this tool (evaluate_access with destination tool:<tool>)'),
  policy_id: z.string().nullable().describe('The deciding policy; null when the default (allow) decides'),
  covered: z.boolean().describe('A rule decides it (allow, block or require_approval; monitor does not cover)'),
});
export type AgentToolEntry = z.output<typeof agentToolEntrySchema>;

const agentPostureSchema = z.object({
  agent_id: z.string(),
  name: z.string(),
  status: z.string(),
  owner: z.string().nullable(),
  score: score,
  band,
  rule_count: z.number().int().describe('Active enforcement rules for this agent: its own, every agent\'s, and fleet-wide MCP tool rules'),
  trust_score: score.describe('The trust component alone: owner, SDK reporting, model provenance'),
  factors: z.array(aiFactorSchema),
  not_assessed: z.array(notAssessedSchema),
  risk_profile: z.object({
    static: trifectaSchema.describe('From the union of the tools the agent can call'),
    runtime: trifectaSchema.extend({ run_id: z.string() }).nullable().describe('From the tool calls of its most recent run, when it reported one'),
  }),
  tools: z.array(agentToolEntrySchema).describe('Its tool map: every tool, the legs it gives, and what policy decides for it'),
  usage: z.object({
    recent_calls: z.number().int().describe('Tool calls in the last day'),
    baseline_daily_calls: z.number().describe('Daily average of tool calls over the 7 days before'),
    recent_error_rate: z.number(),
    baseline_error_rate: z.number(),
    tools: z.array(z.object({ tool: z.string(), recent: z.number().int(), baseline_daily: z.number() })).describe('Per tool, the last day against its daily average before (what drift compares), busiest first'),
  }).describe('What behavioural drift is measured on'),
});
export type AgentPosture = z.output<typeof agentPostureSchema>;

const weight = z.number().min(0).max(100);
export const aiWeightsSchema = z.strictObject({
  agent: weight.describe('Agent score weight, percent'),
  mcp: weight.describe('MCP score weight, percent'),
  shadow: weight.describe('Shadow AI score weight, percent'),
});

const dimensionSchema = z.object({
  dimension: z.enum(AI_POSTURE_DIMENSIONS),
  assessed: z.boolean(),
  score: score.nullable().describe('null when not assessed'),
  band: band.nullable(),
  weight: z.number().describe('Configured weight, percent'),
  effective_weight: z.number().describe('Weight in the composite after renormalizing over the assessed dimensions (0 when not assessed)'),
  why: z.string().describe('What the number rests on, or why there is none'),
  factors: z.array(aiFactorSchema),
});

export const aiPostureSchema = z.object({
  score: score.nullable().describe('The composite; null when no dimension is assessed'),
  band: band.nullable(),
  assessed_at: z.string(),
  weights: aiWeightsSchema,
  renormalized: z.boolean().describe('True when a dimension is not assessed and the others carry its weight'),
  dimensions: z.array(dimensionSchema),
  agents: z.object({
    total: z.number().int(),
    trifecta: z.array(z.object({ agent_id: z.string(), name: z.string() })).describe('Agents with all three legs of the lethal trifecta'),
    lowest: z.array(z.object({ agent_id: z.string(), name: z.string(), score, band })).describe('The five lowest-scoring agents'),
  }),
  trend: z.array(z.object({ at: z.string(), score })).describe('Recorded composite scores, oldest first'),
});
export type AiPosture = z.output<typeof aiPostureSchema>;

export const aiPostureGet = defineOperation({
  name: 'ai.posture',
  title: 'AI posture',
  description: 'The AI posture score: the weighted composite of the Agent, MCP and Shadow AI scores, each with its band and factors, or marked not assessed (its weight shared out to the others); the agents with the lethal trifecta; the trend.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: aiPostureSchema,
  mcp: { tool: 'get_ai_posture', description: 'Get the AI posture score with its Agent, MCP and Shadow AI dimensions and the agents with the lethal trifecta.' },
  rest: { method: 'GET', path: '/api/v1/ai/posture' },
});

export const aiAgentPosture = defineOperation({
  name: 'ai.agentPosture',
  title: 'Agent posture',
  description: "An agent's posture card: score, band, rule count, trust score, status, the factors behind the score, and its risk profile (the lethal trifecta: which tool gives it each leg, statically and in its last run).",
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ agent_id: z.string().min(1).max(100) }),
  output: agentPostureSchema,
  mcp: { tool: 'get_agent_posture', description: "Get one AI agent's posture card and lethal-trifecta risk profile." },
  rest: { method: 'GET', path: '/api/v1/ai/agents/{agent_id}/posture' },
});

export const aiPostureBrief = defineOperation({
  name: 'ai.brief',
  title: 'AI security brief',
  description: 'A plain-English brief (4–8 sentences) of where the AI fleet stands: the posture score, the top risks by name, and one recommended action. Generated from the data, deterministic; each sentence lists the factors it rests on.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    brief: z.string(),
    sentences: z.array(z.object({ text: z.string(), sources: z.array(z.string()).describe('The factors or figures this sentence states') })),
    score: score.nullable(),
  }),
  mcp: { tool: 'get_ai_posture_brief', description: 'Get the plain-English AI security brief: posture score, top risks, recommended action.' },
  rest: { method: 'GET', path: '/api/v1/posture/brief' },
});

const weightsOutput = z.object({ weights: aiWeightsSchema, defaults: aiWeightsSchema });

export const aiPostureWeights = defineOperation({
  name: 'ai.postureWeights',
  title: 'AI posture weights',
  description: 'The weight of the Agent, MCP and Shadow AI scores in the AI posture, in percent, and the defaults (40/35/25).',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: weightsOutput,
  rest: { method: 'GET', path: '/api/v1/ai/posture/weights' },
});

export const aiSetPostureWeights = defineOperation({
  name: 'ai.setPostureWeights',
  title: 'Set the AI posture weights',
  description: 'Set the weight of the Agent, MCP and Shadow AI scores, in percent: all three, summing to 100. Audited.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: aiWeightsSchema,
  output: weightsOutput,
  mcp: { tool: 'set_ai_posture_weights', description: 'Set the AI posture weights (agent, mcp, shadow; percent, summing to 100).' },
  rest: { method: 'PUT', path: '/api/v1/ai/posture/weights' },
});

export const aiSetToolLegs = defineOperation({
  name: 'ai.setToolLegs',
  title: 'Override how a tool is classified',
  description: "Say which legs of the lethal trifecta a tool supplies (private_data, untrusted_content, external_comms; an empty list for none), replacing the rules' verdict for every agent; clear: true goes back to the rules. Audited.",
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    tool: z.string().trim().min(1).max(300).describe('The tool as agents list it: server/tool or tool'),
    legs: z.array(z.enum(TRIFECTA_LEG_NAMES)).max(3).optional(),
    clear: z.boolean().optional(),
    reason: z.string().trim().min(1).max(1000).describe('Why the rules are wrong for this tool'),
  }),
  output: z.object({ tool: z.string(), legs: z.array(z.enum(TRIFECTA_LEG_NAMES)).nullable().describe('null: back to the rules') }),
  rest: { method: 'POST', path: '/api/v1/ai/tool-legs' },
});
