// get_fleet_posture: the fleet's score, trend, counts, devices at risk and compliance state.
import { z } from 'zod';
import { COMPLIANCE_STATES, SEVERITIES, TRENDS } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { dimensionsSchema, fleetFactorSchema, SCORE_BANDS } from './posture-schemas';

const complianceState = z.enum(COMPLIANCE_STATES);
export const FLEET_INCIDENTS_SHOWN = 10;

export const fleetPostureSchema = z.object({
  score: z.number().int().min(0).max(100).describe('Average posture of every device and workload (each counts once)'),
  trend: z.enum(TRENDS).describe('Against the fleet score 24 h earlier: more than 2 points up improving, down degrading, else stable'),
  assessed_at: z.string(),
  device_count: z.number().int().min(0),
  active_incidents: z.number().int().min(0).describe('Incidents open or contained'),
  open_anomalies: z.number().int().min(0).describe('Anomalies open or acknowledged'),
  policy_violations_24h: z.number().int().min(0),
  devices_at_risk: z
    .array(
      z.object({
        device_id: z.string(),
        risk: z.enum(['high', 'medium']).describe('high: posture 0–40; medium: 41–70'),
        reason: z.string().describe('Machine name of the factor costing the device most, e.g. firmware_eol'),
      }),
    )
    .describe('Devices in the high-risk or moderate band, riskiest first (at most 25)'),
  compliance: z.object({ iso_27001: complianceState, nis2: complianceState, nist_csf: complianceState }),
  band: z.enum(SCORE_BANDS),
  dimensions: dimensionsSchema.describe('Fleet averages of each dimension'),
  factors: z.array(fleetFactorSchema).describe('The factors costing the fleet most, summed over its devices and workloads'),
  entities_assessed: z.number().int().min(0).describe('Devices and workloads with a computed posture'),
  band_counts: z
    .object({ high_risk: z.number().int().min(0), moderate: z.number().int().min(0), healthy: z.number().int().min(0) })
    .describe('Devices and workloads in each score band: the average alone can read healthy while one device is compromised'),
  discovered_devices: z.number().int().min(0).describe('Devices seen in telemetry but not in the inventory (unmanaged), included in device_count'),
  incidents: z
    .array(z.object({ id: z.string(), title: z.string(), severity: z.enum(SEVERITIES), status: z.enum(['open', 'contained']), entities: z.array(z.string()).describe('Source and affected entity ids') }))
    .describe(`The active incidents, most severe first (at most ${FLEET_INCIDENTS_SHOWN}; active_incidents counts them all)`),
});
export type FleetPosture = z.output<typeof fleetPostureSchema>;

export const postureFleet = defineOperation({
  name: 'posture.fleet',
  rest: { method: 'GET', path: '/api/v1/posture/fleet' },
  title: 'Fleet posture',
  description: 'Get the current security posture summary for the entire fleet: score, trend, devices at risk and compliance state.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: fleetPostureSchema,
  mcp: { tool: 'get_fleet_posture', description: 'Get the current security posture summary for the entire fleet.' },
});
