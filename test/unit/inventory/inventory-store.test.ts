// The inventory store's reads: list filters that compose (search escaped, by address too), paging totals,
// and the facts other domains read through its methods instead of its tables.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { importInventoryFile } from '../../../src-main/engine/inventory/import-inventory';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/inventory/${name}`, import.meta.url));
const actor = { type: 'cli' as const, id: 'tester' };
const T0 = Date.UTC(2026, 4, 1);

describe('inventory store', () => {
  let engine: Engine;
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock(T0);
    engine = Engine.open({ dbPath: ':memory:', clock });
    importInventoryFile(engine, fixture('fleet-good.json'), { actor });
  });
  afterEach(() => engine.close());

  const deviceIds = (q: Parameters<Engine['inventory']['listDevices']>[0]) => engine.inventory.listDevices(q).devices.map((d) => d.device_id);

  it('composes device filters, and counts all matches whatever the page', () => {
    const page = { limit: 10, offset: 0 };
    expect(deviceIds(page)).toEqual(['dev_camera_floor3_east', 'dev_sensor_hvac_b2', 'dev_workstation_sarah_k']);
    expect(deviceIds({ ...page, firmware_status: 'eol' })).toEqual(['dev_sensor_hvac_b2']);
    expect(deviceIds({ ...page, trust_level: 'unverified', device_type: 'workstation' })).toEqual(['dev_workstation_sarah_k']);
    expect(deviceIds({ ...page, trust_level: 'verified', device_type: 'workstation' })).toEqual([]);
    expect(deviceIds({ ...page, discovered: false, search: 'honeywell' })).toEqual(['dev_sensor_hvac_b2']);
    expect(deviceIds({ ...page, discovered: true })).toEqual([]);
    expect(engine.inventory.listDevices({ limit: 1, offset: 1 })).toMatchObject({ total: 3, devices: [{ device_id: 'dev_sensor_hvac_b2' }] });
  });

  it('searches names, models and addresses, taking % and _ literally', () => {
    const page = { limit: 10, offset: 0 };
    expect(deviceIds({ ...page, search: '10.0.13.' })).toEqual(['dev_workstation_sarah_k']);
    expect(deviceIds({ ...page, search: 'fd00:0:0:3' })).toEqual(['dev_sensor_hvac_b2']);
    expect(deviceIds({ ...page, search: 'floor3_east' })).toEqual(['dev_camera_floor3_east']);
    expect(deviceIds({ ...page, search: 'floor3%east' })).toEqual([]);
    expect(deviceIds({ ...page, search: 'P3265_LVE' })).toEqual([]);
    expect(deviceIds({ ...page, search: 'P3265-LVE' })).toEqual(['dev_camera_floor3_east']);
    expect(engine.inventory.listUsers({ ...page, search: 'sarah', mfa_enrolled: true }).users.map((u) => u.user_id)).toEqual(['sarah.k@acmecorp.com']);
    expect(engine.inventory.listUsers({ ...page, mfa_enrolled: false })).toMatchObject({ total: 1, users: [{ user_id: 'omar.c@acmecorp.com' }] });
    expect(engine.inventory.listWorkloads({ ...page, kind: 'container', search: 'payments' }).workloads.map((w) => w.workload_id)).toEqual(['wl_ctr_payments_api_7f9c2']);
    expect(engine.inventory.listWorkloads({ ...page, kind: 'cloud_function', search: 'payments' }).total).toBe(0);
  });

  it('answers counts, change marks and per-entity facts for the other domains', () => {
    const inv = engine.inventory;
    expect([inv.count('device'), inv.count('user'), inv.count('workload'), inv.discoveredCount()]).toEqual([3, 2, 2, 0]);
    expect(inv.updatedAt('device', 'dev_sensor_hvac_b2')).toBe(T0);
    expect(inv.updatedAt('device', 'nope')).toBeUndefined();
    expect(inv.deviceFacts('dev_camera_floor3_east')).toEqual({ manufacturer: 'Axis', model: 'P3265-LVE', firmware_version: '11.8.93', firmware_status: 'current', device_type: 'ip_camera', site: 'hq' });
    const hvac = inv.allFirmwareFacts().find((d) => d.device_id === 'dev_sensor_hvac_b2')!;
    expect(Object.keys(hvac)).toEqual(['device_id', 'manufacturer', 'model', 'firmware_version', 'firmware_status', 'device_type']);
    expect(inv.allFirmwareFacts()).toHaveLength(3);
    expect(inv.postureFacts('user', ['omar.c@acmecorp.com', 'nobody'])).toEqual([{ id: 'omar.c@acmecorp.com', mfa_enrolled: 0, enabled: 0 }]);
    expect(inv.postureFacts('device', ['dev_sensor_hvac_b2'])).toEqual([{ id: 'dev_sensor_hvac_b2', trust_level: 'unverified', enrolled_at: null, cert_expires_at: null, firmware_status: 'eol', firmware_version: '3.2.1' }]);

    const mark = inv.changeMark();
    const deviceMark = inv.deviceChangeMark();
    clock.advance(1000);
    engine.db.transaction(() => inv.upsertUser({ user_id: 'new.u@acmecorp.com', mfa_enrolled: true, groups: [], enabled: true }))();
    expect(inv.changeMark()).not.toBe(mark);
    expect(inv.deviceChangeMark()).toBe(deviceMark);
  });

  it('keeps who logged in where, and answers by user and by device', () => {
    const inv = engine.inventory;
    inv.recordUserDevice('sarah.k@acmecorp.com', 'dev_workstation_sarah_k', T0 + 1000);
    inv.recordUserDevice('sarah.k@acmecorp.com', 'dev_camera_floor3_east', T0 + 5000);
    inv.recordUserDevice('omar.c@acmecorp.com', 'dev_workstation_sarah_k', T0 + 2000);
    inv.recordUserDevice('sarah.k@acmecorp.com', 'dev_workstation_sarah_k', T0 + 500);
    expect(inv.devicesOfUser('sarah.k@acmecorp.com')).toEqual(['dev_camera_floor3_east', 'dev_workstation_sarah_k']);
    expect(inv.userDeviceLinks().find((l) => l.user_id === 'sarah.k@acmecorp.com' && l.device_id === 'dev_workstation_sarah_k')).toEqual({ user_id: 'sarah.k@acmecorp.com', device_id: 'dev_workstation_sarah_k', first_seen: T0 + 500, last_seen: T0 + 1000 });
    expect(inv.usersActiveOn(['dev_workstation_sarah_k'], T0 + 1500)).toEqual(['omar.c@acmecorp.com']);
    expect(inv.activeDevicesOf(['sarah.k@acmecorp.com', 'omar.c@acmecorp.com'], T0)).toEqual([
      { user_id: 'omar.c@acmecorp.com', device_id: 'dev_workstation_sarah_k' },
      { user_id: 'sarah.k@acmecorp.com', device_id: 'dev_camera_floor3_east' },
      { user_id: 'sarah.k@acmecorp.com', device_id: 'dev_workstation_sarah_k' },
    ]);
    expect(getUserDevices(engine, 'sarah.k@acmecorp.com')).toEqual(['dev_camera_floor3_east', 'dev_workstation_sarah_k']);
  });
});

function getUserDevices(engine: Engine, id: string): string[] {
  return [...engine.inventory.getUser(id)!.devices].sort();
}
