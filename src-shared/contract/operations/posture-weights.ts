// The posture dimension weights (the spec's defaults: identity 30, behavior 30, policy 25, threat 15):
// read them, or set new ones (audited; every entity is rescored with them). `threatmatic posture weights`.
import { z } from 'zod';
import { DEFAULT_POSTURE_WEIGHTS } from '../../domain/bands';
import { defineOperation, READ_ONLY } from '../define';

const weight = z.number().min(0).max(100);
const postureWeightsSchema = z.strictObject({
  identity: weight.describe('Identity dimension weight, in percent'),
  behavior: weight.describe('Behaviour dimension weight, in percent'),
  policy: weight.describe('Policy dimension weight, in percent'),
  threat: weight.describe('Threat dimension weight, in percent'),
});

const weightsOutput = z.object({
  weights: postureWeightsSchema.describe('The weights in force'),
  defaults: postureWeightsSchema.describe(`The spec's defaults (${Object.entries(DEFAULT_POSTURE_WEIGHTS).map(([d, w]) => `${d} ${w}`).join(', ')})`),
});

export const postureWeights = defineOperation({
  name: 'posture.weights',
  title: 'Posture weights',
  description: 'The weight of each posture dimension (identity, behavior, policy, threat) in every score, in percent, and the defaults.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: weightsOutput,
  rest: { method: 'GET', path: '/api/v1/posture/weights' },
});

export const postureSetWeights = defineOperation({
  name: 'posture.setWeights',
  title: 'Set the posture weights',
  description: 'Set the weight of each posture dimension, in percent: all four, summing to 100. Audited; every device, user and workload is rescored with them at once.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  // The sum is checked by the posture service, which names each weight in its refusal.
  input: postureWeightsSchema,
  output: weightsOutput,
  rest: { method: 'PUT', path: '/api/v1/posture/weights' },
});
