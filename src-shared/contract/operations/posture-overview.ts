// GET /api/v1/posture: every posture the product measures, in one answer (the spec's "current posture
// scores, all dimensions"): the fleet's (get_fleet_posture's shape, under `fleet`) and the AI posture
// (get_ai_posture's shape, under `ai`).
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { aiPostureSchema } from './ai-posture';
import { fleetPostureSchema } from './posture-fleet';

export const postureOverview = defineOperation({
  name: 'posture.overview',
  rest: { method: 'GET', path: '/api/v1/posture' },
  title: 'Posture',
  description: 'Get every posture the product measures in one answer: the fleet posture (score, trend, devices at risk, compliance) under fleet, and the AI posture (agents, MCP servers, shadow AI) under ai.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    fleet: fleetPostureSchema.describe('The fleet posture, as get_fleet_posture answers it'),
    ai: aiPostureSchema.describe('The AI posture (Agent, MCP and Shadow AI dimensions, each scored or marked not assessed), as get_ai_posture answers it'),
  }),
});
