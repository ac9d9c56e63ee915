// Inventory records as users import them (JSON or CSV) and as the engine returns them.
import { z } from 'zod';
import { DEVICE_TYPES, FIRMWARE_STATUSES, TRUST_LEVELS, WORKLOAD_KINDS } from './enums';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 timestamp');
const id = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

export const deviceRecordSchema = z.object({
  device_id: id,
  device_type: z.enum(DEVICE_TYPES),
  name: z.string().max(200).optional(),
  manufacturer: z.string().max(200).optional(),
  model: z.string().max(200).optional(),
  firmware_version: z.string().max(100).optional(),
  firmware_status: z.enum(FIRMWARE_STATUSES).default('current'),
  ip_addresses: z.array(z.string()).default([]),
  enrolled_at: isoDate.optional(),
  trust_level: z.enum(TRUST_LEVELS).default('unverified'),
  cert_expires_at: isoDate.optional(),
  site: z.string().max(200).optional(),
  owner: z.string().max(200).optional(),
  last_seen: isoDate.optional(),
});
export type DeviceRecord = z.output<typeof deviceRecordSchema>;

export const userRecordSchema = z.object({
  user_id: id,
  display_name: z.string().max(200).optional(),
  mfa_enrolled: z.boolean().default(false),
  groups: z.array(z.string().max(200)).default([]),
  enabled: z.boolean().default(true),
  home_country: z.string().length(2).optional(),
});
export type UserRecord = z.output<typeof userRecordSchema>;

export const workloadRecordSchema = z.object({
  workload_id: id,
  kind: z.enum(WORKLOAD_KINDS),
  name: z.string().max(200).optional(),
  image: z.string().max(500).optional(),
  runtime: z.string().max(200).optional(),
  owner: z.string().max(200).optional(),
  ip_addresses: z.array(z.string()).default([]),
});
export type WorkloadRecord = z.output<typeof workloadRecordSchema>;

/** A device as the engine reports it (timestamps as ISO strings). */
export const deviceSchema = z.object({
  device_id: z.string(),
  device_type: z.string(),
  name: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  firmware_version: z.string().nullable(),
  firmware_status: z.enum(FIRMWARE_STATUSES),
  ip_addresses: z.array(z.string()),
  enrolled_at: z.string().nullable(),
  trust_level: z.enum(TRUST_LEVELS),
  cert_expires_at: z.string().nullable(),
  site: z.string().nullable(),
  owner: z.string().nullable(),
  last_seen: z.string().nullable(),
  discovered: z.boolean().describe('Seen in telemetry but not in the inventory: an unmanaged device, named by its address'),
  discovered_at: z.string().nullable().describe('When telemetry first showed the discovered device; null for inventory devices'),
});
export type Device = z.output<typeof deviceSchema>;

export const userSchema = z.object({
  user_id: z.string(),
  display_name: z.string().nullable(),
  mfa_enrolled: z.boolean(),
  groups: z.array(z.string()),
  enabled: z.boolean(),
  home_country: z.string().nullable(),
  devices: z.array(z.string()),
  last_seen: z.string().nullable(),
});
export type User = z.output<typeof userSchema>;

export const workloadSchema = z.object({
  workload_id: z.string(),
  kind: z.enum(WORKLOAD_KINDS),
  name: z.string().nullable(),
  image: z.string().nullable(),
  runtime: z.string().nullable(),
  owner: z.string().nullable(),
  ip_addresses: z.array(z.string()),
  last_seen: z.string().nullable(),
});
export type Workload = z.output<typeof workloadSchema>;
