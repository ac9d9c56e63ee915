// isolate_device: move a device into a quarantine micro-zone where only its management path is reachable.
import { z } from 'zod';
import { defineOperation } from '../define';
import { droppedDestinationSchema, MANAGEMENT_SOURCES } from './policy-management-paths';
import { actionResultFields, reasonInput } from './policy-schemas';

export const isolateDeviceResultSchema = z.object({
  ...actionResultFields,
  device_id: z.string(),
  status: z.enum(['isolated', 'already_isolated']),
  isolated_at: z.string(),
  management_path: z.array(z.string()).describe('Destinations the isolated device may still reach (the path applied)'),
  management_path_source: z.enum(MANAGEMENT_SOURCES).nullable().describe('Where the path came from: the configured device, device_type or fleet list, or enforcement_point alone when none is configured (null for an isolation older than configured paths)'),
  management_path_dropped: z.array(droppedDestinationSchema).describe('Configured entries left off the path, each with the reason'),
  previous_policies: z.array(z.string()).describe('Policies that applied to the device before isolation; release_device restores them'),
  notify: z.boolean(),
});

export const policyIsolateDevice = defineOperation({
  name: 'policy.isolateDevice',
  rest: { method: 'POST', path: '/api/v1/devices/{device_id}/isolate' },
  title: 'Isolate device',
  description: 'Isolate a device into a quarantine micro-zone: it may reach only its management path. Repeating it changes nothing and returns the same state.',
  scope: 'device:isolate',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  changesAccess: true,
  input: z.object({
    device_id: z.string().min(1).max(200),
    reason: reasonInput.optional().describe('Human-readable reason for isolation, recorded in the audit log'),
    notify: z.boolean().default(true).describe('Send alert to the security operations team (default: true)'),
  }),
  output: isolateDeviceResultSchema,
  mcp: { tool: 'isolate_device', description: 'Isolate a device into a quarantine micro-zone, blocking all non-management traffic.' },
});
