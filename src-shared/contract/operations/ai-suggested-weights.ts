// Suggested AI posture weights with their reasons, from the deployment profile (the spec's "AI advisor suggests
// optimal weights"): what is in use, and how exposed it is. Read-only: applying them is set_ai_posture_weights.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { AI_POSTURE_DIMENSIONS, aiWeightsSchema } from './ai-posture';

export const aiSuggestedWeights = defineOperation({
  name: 'ai.suggestedWeights',
  title: 'Suggested AI posture weights',
  description: 'Weights for the Agent, MCP and Shadow AI scores suggested from the deployment profile, each with its reason: a dimension with nothing in use gets none (no MCP servers: no weight on MCP), exposure raises a share, a dimension without data keeps its default. Apply them with set_ai_posture_weights.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    suggested: aiWeightsSchema,
    current: aiWeightsSchema,
    defaults: aiWeightsSchema,
    reasons: z.array(z.object({ dimension: z.enum(AI_POSTURE_DIMENSIONS), why: z.string() })),
    profile: z.object({
      agents: z.number().int(), trifecta_agents: z.number().int(), two_leg_agents: z.number().int(),
      mcp_servers: z.number().int(), mcp_scanned: z.boolean(), servers_with_findings: z.number().int(),
      shadow_assessed: z.boolean(), shadow_open: z.number().int(), shadow_high_risk: z.number().int(),
    }).describe('The figures the suggestion rests on'),
  }),
  mcp: { tool: 'suggest_ai_posture_weights', description: 'Suggest AI posture weights from the deployment profile, with the reasoning for each.' },
  rest: { method: 'GET', path: '/api/v1/ai/posture/weights/suggested' },
});
