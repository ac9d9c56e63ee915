// Inventory listings: devices, users and workloads, filtered, searched and paginated.
import { z } from 'zod';
import { DEVICE_TYPES, FIRMWARE_STATUSES, TRUST_LEVELS, WORKLOAD_KINDS } from '../../domain/enums';
import { deviceSchema, userSchema, workloadSchema } from '../../domain/inventory';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput, searchInput } from '../pagination';

export const listDevices = defineOperation({
  name: 'inventory.listDevices',
  rest: { method: 'GET', path: '/api/v1/devices' },
  title: 'Devices',
  description: 'List devices in the fleet, filtered by type, firmware status, trust level or discovery, searched by id, name, model or IP, paginated. Devices seen in telemetry but not in the inventory are listed as discovered.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    device_type: z.enum(DEVICE_TYPES).optional(),
    firmware_status: z.enum(FIRMWARE_STATUSES).optional(),
    trust_level: z.enum(TRUST_LEVELS).optional(),
    discovered: z.boolean().optional().describe('true: only devices seen in telemetry but not in the inventory (unmanaged); false: only inventory devices'),
    search: searchInput,
    ...pageInput,
  }),
  output: z.object({ devices: z.array(deviceSchema), total: z.number().int() }),
  mcp: { tool: 'list_devices', description: 'List devices in the fleet with optional filters, search and pagination.' },
});

export const listUsers = defineOperation({
  name: 'inventory.listUsers',
  rest: { method: 'GET', path: '/api/v1/users' },
  title: 'Users',
  description: 'List user identities with MFA state, groups and the devices each is active on.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ search: searchInput, mfa_enrolled: z.boolean().optional(), ...pageInput }),
  output: z.object({ users: z.array(userSchema), total: z.number().int() }),
});

export const listWorkloads = defineOperation({
  name: 'inventory.listWorkloads',
  rest: { method: 'GET', path: '/api/v1/workloads' },
  title: 'Workloads',
  description: 'List servers, containers, VMs and cloud functions.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ kind: z.enum(WORKLOAD_KINDS).optional(), search: searchInput, ...pageInput }),
  output: z.object({ workloads: z.array(workloadSchema), total: z.number().int() }),
});
