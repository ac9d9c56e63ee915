// GET /api/v1/posture: every posture the product measures, in one answer (the spec's "current posture
// scores, all dimensions"). Today the fleet's (get_fleet_posture's shape, under `fleet`); the AI posture
// joins it under `ai` when it exists.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { fleetPostureSchema } from './posture-fleet';

export const postureOverview = defineOperation({
  name: 'posture.overview',
  rest: { method: 'GET', path: '/api/v1/posture' },
  title: 'Posture',
  description: 'Get every posture the product measures in one answer: the fleet posture (score, trend, devices at risk, compliance) under fleet.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    fleet: fleetPostureSchema.describe('The fleet posture, as get_fleet_posture answers it'),
  }),
});
