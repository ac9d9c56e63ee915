// release_device: end a device's quarantine and restore the policy set it had before.
import { z } from 'zod';
import { defineOperation } from '../define';
import { actionResultFields, reasonInput } from './policy-schemas';

export const releaseDeviceResultSchema = z.object({
  ...actionResultFields,
  device_id: z.string(),
  status: z.enum(['released', 'not_isolated']),
  released_at: z.string().nullable(),
  restored_policies: z.array(z.string()).describe('The policies in force for the device again (its set from before isolation that still exists and is enabled)'),
});

export const policyReleaseDevice = defineOperation({
  name: 'policy.releaseDevice',
  rest: { method: 'POST', path: '/api/v1/devices/{device_id}/release' },
  title: 'Release device',
  description: 'Release a device from quarantine and restore its policy set. A device that is not isolated is left as it is.',
  scope: 'device:isolate',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  changesAccess: true,
  input: z.object({
    device_id: z.string().min(1).max(200),
    reason: reasonInput.optional(),
  }),
  output: releaseDeviceResultSchema,
  mcp: { tool: 'release_device', description: 'Release a device from quarantine and restore its policy set.' },
});
