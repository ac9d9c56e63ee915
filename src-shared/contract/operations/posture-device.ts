// get_device_posture: the full security posture of one device, as the spec's example shows it, plus its
// score, band, dimensions and factors.
import { z } from 'zod';
import { FIRMWARE_STATUSES, TRUST_LEVELS } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { behavioralBaselineSchema, riskFields, scoreFields } from './posture-schemas';

const devicePostureSchema = z.object({
  device_id: z.string(),
  device_type: z.string().describe('e.g. ip_camera, hvac_sensor, workstation'),
  manufacturer: z.string().nullable(),
  firmware_version: z.string().nullable(),
  firmware_status: z.enum(FIRMWARE_STATUSES),
  enrolled_at: z.string().nullable().describe('When the device was enrolled (ISO 8601); null when it never was'),
  trust_level: z.enum(TRUST_LEVELS),
  ...riskFields,
  behavioral_baseline: behavioralBaselineSchema,
  active_policies: z.array(z.string()).describe('Ids of the enabled policies that apply to this device'),
  last_seen: z.string().nullable(),
  open_anomalies: z.number().int().min(0).describe('Anomalies open or acknowledged on this device'),
  ...scoreFields,
});
export type DevicePosture = z.output<typeof devicePostureSchema>;

export const postureDevice = defineOperation({
  name: 'posture.device',
  rest: { method: 'GET', path: '/api/v1/posture/devices/{device_id}' },
  title: 'Device posture',
  description: 'Get the security posture of a specific device: risk score, the factors behind it, baseline, policies and open anomalies.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ device_id: z.string().min(1).max(200).describe('The Threatmatic device ID') }),
  output: devicePostureSchema,
  mcp: { tool: 'get_device_posture', description: 'Get the security posture of a specific device.' },
});
