// A small, varied inventory for the door tests and the console e2e, imported through the engine with its audit entry.
import { deviceRecordSchema, userRecordSchema, workloadRecordSchema } from '@shared/domain/inventory';
import type { Engine } from '../../src-main/engine/engine';

export const FIXTURE_DEVICES = [
  { device_id: 'cam-lobby-01', device_type: 'ip_camera', name: 'Lobby camera', manufacturer: 'Axis', model: 'P3245-V', firmware_version: '10.12.114', firmware_status: 'outdated', ip_addresses: ['10.20.1.11'], trust_level: 'verified', site: 'HQ', owner: 'facilities', enrolled_at: '2024-03-02T09:00:00Z', cert_expires_at: '2027-03-02T09:00:00Z' },
  { device_id: 'cam-dock-02', device_type: 'ip_camera', name: 'Loading dock camera', manufacturer: 'Hikvision', model: 'DS-2CD2043', firmware_version: '5.5.0', firmware_status: 'eol', ip_addresses: ['10.20.1.12'], trust_level: 'untrusted', site: 'Warehouse', owner: 'facilities' },
  { device_id: 'hvac-roof-01', device_type: 'hvac_sensor', name: 'Roof AHU sensor', manufacturer: 'Honeywell', model: 'T7350', firmware_version: '2.1', firmware_status: 'current', ip_addresses: ['10.30.0.5'], trust_level: 'unverified', site: 'HQ' },
  { device_id: 'badge-main-01', device_type: 'badge_reader', name: 'Main entrance reader', manufacturer: 'HID', model: 'Signo 40', firmware_version: '1.4.2', firmware_status: 'current', ip_addresses: ['10.40.0.21'], trust_level: 'verified', site: 'HQ' },
  { device_id: 'prn-fin-03', device_type: 'printer', name: 'Finance printer', manufacturer: 'HP', model: 'LaserJet M507', firmware_version: '2506', firmware_status: 'outdated', ip_addresses: ['10.10.5.33'], trust_level: 'unverified', site: 'HQ', owner: 'finance' },
  { device_id: 'ws-eng-114', device_type: 'workstation', name: 'Build workstation', manufacturer: 'Dell', model: 'Precision 3660', firmware_version: '2.14.0', firmware_status: 'current', ip_addresses: ['10.10.2.114', 'fd00::114'], trust_level: 'verified', site: 'HQ', owner: 'alice' },
  { device_id: 'lt-sales-07', device_type: 'laptop', name: 'Sales laptop 7', manufacturer: 'Lenovo', model: 'ThinkPad T14', firmware_version: '1.31', firmware_status: 'current', ip_addresses: ['10.10.3.7'], trust_level: 'verified', site: 'Remote', owner: 'bob' },
  { device_id: 'srv-db-01', device_type: 'server', name: 'Primary database', manufacturer: 'Supermicro', model: 'SYS-1029P', firmware_version: '3.4', firmware_status: 'current', ip_addresses: ['10.0.0.10'], trust_level: 'verified', site: 'DC1', owner: 'dba' },
  { device_id: 'sw-core-01', device_type: 'network_switch', name: 'Core switch', manufacturer: 'Cisco', model: 'C9300', firmware_version: '17.6.4', firmware_status: 'outdated', ip_addresses: ['10.0.0.2'], trust_level: 'verified', site: 'DC1' },
  { device_id: 'ap-floor2-03', device_type: 'access_point', name: 'Floor 2 AP', manufacturer: 'Aruba', model: 'AP-515', firmware_version: '8.10', firmware_status: 'current', ip_addresses: ['10.0.2.3'], trust_level: 'unverified', site: 'HQ' },
  { device_id: 'env-lab-02', device_type: 'environmental_sensor', name: 'Lab humidity sensor', manufacturer: 'Vaisala', model: 'HMT330', firmware_status: 'eol', ip_addresses: ['10.30.0.9'], trust_level: 'untrusted', site: 'Lab' },
  { device_id: 'ph-desk-12', device_type: 'phone', name: 'Reception phone', manufacturer: 'Polycom', model: 'VVX 450', firmware_version: '6.4.3', firmware_status: 'current', ip_addresses: ['10.50.0.12'], trust_level: 'verified', site: 'HQ' },
] as const;

const FIXTURE_USERS = [
  { user_id: 'alice', display_name: 'Alice Moreau', mfa_enrolled: true, groups: ['engineering', 'admins'], home_country: 'FR' },
  { user_id: 'bob', display_name: 'Bob Stein', mfa_enrolled: false, groups: ['sales'], home_country: 'DE' },
  { user_id: 'svc-backup', display_name: 'Backup service', mfa_enrolled: false, groups: ['service'], enabled: true },
] as const;

const FIXTURE_WORKLOADS = [
  { workload_id: 'wl-api-1', kind: 'container', name: 'api', image: 'registry.local/api:4.2.1', runtime: 'containerd', owner: 'platform', ip_addresses: ['10.60.0.11'] },
  { workload_id: 'wl-etl', kind: 'cloud_function', name: 'nightly-etl', runtime: 'python3.12', owner: 'data' },
] as const;

/** Imports the fixture inventory in one audited transaction, as an inventory import would. */
export function seedFixtureInventory(engine: Engine): void {
  engine.audit.record({ type: 'cli', id: 'test' }, 'inventory.import', { source: 'http-fixtures' }, () => {
    for (const d of FIXTURE_DEVICES) engine.inventory.upsertDevice(deviceRecordSchema.parse(d));
    for (const u of FIXTURE_USERS) engine.inventory.upsertUser(userRecordSchema.parse(u));
    for (const w of FIXTURE_WORKLOADS) engine.inventory.upsertWorkload(workloadRecordSchema.parse(w));
  });
  // What an import does after its transaction: the new entities' posture rows are stored (reads never write them).
  engine.posture.catchUp();
}
