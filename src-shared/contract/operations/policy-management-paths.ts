// Management paths: what a quarantined device may still reach, as explicit configuration (a fleet
// default, overrides per device type and per device), never inferred from traffic. Read and set here;
// isolate_device applies the most specific one, screened against threat intel and open anomalies.
import { z } from 'zod';
import { DEVICE_TYPES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { actorSchema } from './policy-schemas';

export const MANAGEMENT_SCOPES = ['fleet', 'device_type', 'device'] as const;
export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

/** Where an applied path came from: the configured scope, or the enforcement point alone when none is configured. */
export const MANAGEMENT_SOURCES = [...MANAGEMENT_SCOPES, 'enforcement_point'] as const;
export type ManagementSource = (typeof MANAGEMENT_SOURCES)[number];

const MAX_MANAGEMENT_DESTINATIONS = 50;

export const droppedDestinationSchema = z.object({
  destination: z.string(),
  reason: z.string().describe('Why it is not on the path: its threat-intel rating, or the open anomaly that names it'),
});

const managementPathSchema = z.object({
  scope: z.enum(MANAGEMENT_SCOPES),
  scope_id: z.string().nullable().describe('The device type or device id; null for the fleet default'),
  destinations: z.array(z.string()).describe('Canonical IPs, CIDRs, names or *.patterns; an empty list means only the enforcement point'),
  updated_at: z.string().nullable(),
  updated_by: actorSchema,
});
export type ManagementPath = z.output<typeof managementPathSchema>;

const effectivePathSchema = z.object({
  device_id: z.string(),
  device_type: z.string(),
  source: z.enum(MANAGEMENT_SOURCES).describe('The most specific configured list that applies (device, then device_type, then fleet), or enforcement_point when none is configured'),
  destinations: z.array(z.string()).describe('What a quarantine of the device would leave reachable now: the configured list after screening, plus the enforcement point'),
  enforcement_point: z.array(z.string()).describe('Hosts of the enabled enforcement endpoints, always reachable from a quarantine'),
  dropped: z.array(droppedDestinationSchema).describe('Configured entries left off because threat intel rates them malicious or suspicious or an open anomaly of the device names them'),
});
export type EffectivePath = z.output<typeof effectivePathSchema>;

export const policyManagementPaths = defineOperation({
  name: 'policy.managementPaths',
  rest: { method: 'GET', path: '/api/v1/management-paths' },
  title: 'Management paths',
  description: 'The configured management paths (fleet default, per device type, per device) and the enforcement point; with device_id, also the path a quarantine of that device would apply now and what screening drops from it.',
  scope: 'policy:read',
  annotations: READ_ONLY,
  input: z.object({
    device_id: z.string().min(1).max(200).optional().describe('Also resolve the path a quarantine of this device would apply now'),
  }),
  output: z.object({
    paths: z.array(managementPathSchema),
    enforcement_point: z.array(z.string()).describe('Hosts of the enabled enforcement endpoints'),
    effective: effectivePathSchema.nullable(),
  }),
  mcp: { tool: 'get_management_paths', description: 'List the configured management paths of quarantined devices (fleet default, per device type, per device) and, for a device, the path isolate_device would apply now.' },
});

export const policySetManagementPath = defineOperation({
  name: 'policy.setManagementPath',
  rest: { method: 'PUT', path: '/api/v1/management-paths' },
  title: 'Set management path',
  description: 'Set (or clear) what quarantined devices may still reach: the fleet default, or an override for a device type or one device. A destination threat intel rates malicious or suspicious, or that an open anomaly of a device in scope names, is refused with the reason. Applies to the next isolation.',
  scope: 'policy:write',
  annotations: { readOnly: false, destructive: true, idempotent: true },
  // What a quarantined device may still reach is access: an agent widening it waits for an analyst.
  changesAccess: true,
  input: z.object({
    scope: z.enum(MANAGEMENT_SCOPES).describe('fleet (the default for every device), device_type, or device'),
    scope_id: z.string().min(1).max(200).optional().describe(`Required for device_type (${DEVICE_TYPES.join(', ')}) and device; refused for fleet`),
    destinations: z.array(z.string().min(1).max(300)).max(MAX_MANAGEMENT_DESTINATIONS).optional().describe('IPs, CIDRs, names or *.patterns; an empty list leaves only the enforcement point for this scope'),
    clear: z.boolean().default(false).describe('Remove this scope\'s list (a device then falls back to its type\'s, then the fleet default)'),
    reason: z.string().max(2000).optional(),
  }),
  output: z.object({
    scope: z.enum(MANAGEMENT_SCOPES),
    scope_id: z.string().nullable(),
    destinations: z.array(z.string()).nullable().describe('The stored list; null once cleared'),
    changed: z.boolean(),
  }),
  mcp: { tool: 'set_management_path', description: 'Set or clear the management path quarantined devices may still reach: the fleet default, or an override for a device type or one device.' },
});
