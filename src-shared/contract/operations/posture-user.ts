// get_user_posture: the posture of a user identity across every device it is active on.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { behavioralBaselineSchema, riskFields, scoreFields, SCORE_BANDS } from './posture-schemas';

const userPostureSchema = z.object({
  user_id: z.string(),
  display_name: z.string().nullable(),
  mfa_enrolled: z.boolean(),
  enabled: z.boolean(),
  ...riskFields,
  devices: z
    .array(z.object({ device_id: z.string(), score: z.number().int().min(0).max(100), band: z.enum(SCORE_BANDS) }))
    .describe('The devices this user authenticated on in the last 30 days, with their posture'),
  behavioral_baseline: behavioralBaselineSchema,
  active_policies: z.array(z.string()).describe('Ids of the enabled policies that apply to this user'),
  last_seen: z.string().nullable(),
  open_anomalies: z.number().int().min(0).describe("Anomalies open on the user and on the user's devices"),
  ...scoreFields,
});
export type UserPosture = z.output<typeof userPostureSchema>;

export const postureUser = defineOperation({
  name: 'posture.user',
  rest: { method: 'GET', path: '/api/v1/posture/users/{user_id}' },
  title: 'User posture',
  description: 'Get the security posture of a user identity across all the devices it is active on, with the factors behind it.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ user_id: z.string().min(1).max(200).describe('User ID or UPN (e.g. sarah.k@acmecorp.com)') }),
  output: userPostureSchema,
  mcp: { tool: 'get_user_posture', description: 'Get the security posture for a specific user identity.' },
});
