// get_workload_posture: the posture of a server, container, VM or cloud function.
import { z } from 'zod';
import { workloadSchema } from '../../domain/inventory';
import { defineOperation, READ_ONLY } from '../define';
import { behavioralBaselineSchema, riskFields, scoreFields } from './posture-schemas';

const workloadPostureSchema = z.object({
  // The inventory record's fields, in its order; last_seen follows the posture fields.
  ...workloadSchema.omit({ last_seen: true }).shape,
  ...riskFields,
  behavioral_baseline: behavioralBaselineSchema,
  active_policies: z.array(z.string()).describe('Ids of the enabled policies that apply to this workload'),
  last_seen: z.string().nullable(),
  open_anomalies: z.number().int().min(0),
  ...scoreFields,
});
export type WorkloadPosture = z.output<typeof workloadPostureSchema>;

export const postureWorkload = defineOperation({
  name: 'posture.workload',
  rest: { method: 'GET', path: '/api/v1/posture/workloads/{workload_id}' },
  title: 'Workload posture',
  description: 'Get the security posture of a server, container, VM or cloud workload, with the factors behind it.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ workload_id: z.string().min(1).max(200) }),
  output: workloadPostureSchema,
  mcp: { tool: 'get_workload_posture', description: 'Get the security posture for a workload.' },
});
