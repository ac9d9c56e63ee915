// The demo fleet: deterministic per seed, realistic composition and names, valid inventory records.
import { describe, expect, it } from 'vitest';
import { deviceRecordSchema, userRecordSchema, workloadRecordSchema } from '@shared/domain/inventory';
import { canonicalIp } from '../../../src-main/engine/inventory/ip';
import { fleetInventory, generateFleet } from '../../../src-main/engine/simulate/fleet';

const reference = Date.parse('2026-05-21T09:00:00Z');
function share<T>(items: T[], pred: (t: T) => boolean): number {
  return items.filter(pred).length / items.length;
}

describe('generateFleet', () => {
  const fleet = generateFleet({ seed: 42, devices: 300, reference });
  const inv = fleetInventory(fleet);

  it('is identical for the same seed and different for another', () => {
    expect(fleetInventory(generateFleet({ seed: 42, devices: 300, reference }))).toEqual(inv);
    const other = fleetInventory(generateFleet({ seed: 43, devices: 300, reference }));
    expect(other.devices.map((d) => d.device_id)).not.toEqual(inv.devices.map((d) => d.device_id));
    expect(other.users.map((u) => u.user_id)).not.toEqual(inv.users.map((u) => u.user_id));
  });

  it('has the requested size, default users and workloads, and only valid records', () => {
    expect(inv.devices).toHaveLength(300);
    expect(inv.users).toHaveLength(135);
    expect(inv.workloads).toHaveLength(50);
    for (const d of inv.devices) expect(deviceRecordSchema.parse(d)).toEqual(d);
    for (const u of inv.users) expect(userRecordSchema.parse(u)).toEqual(u);
    for (const w of inv.workloads) expect(workloadRecordSchema.parse(w)).toEqual(w);
    const ids = [...inv.devices.map((d) => d.device_id), ...inv.users.map((u) => u.user_id), ...inv.workloads.map((w) => w.workload_id)];
    expect(new Set(ids).size).toBe(ids.length);
    const ips = [...inv.devices, ...inv.workloads].flatMap((r) => r.ip_addresses);
    expect(new Set(ips).size).toBe(ips.length);
    for (const ip of ips) expect(canonicalIp(ip)).toBe(ip);
  });

  it('mixes device types like a real office and names them in the spec style', () => {
    const byType = new Map<string, number>();
    for (const d of inv.devices) byType.set(d.device_type, (byType.get(d.device_type) ?? 0) + 1);
    for (const t of ['ip_camera', 'hvac_sensor', 'environmental_sensor', 'badge_reader', 'printer', 'workstation', 'laptop', 'server', 'network_switch', 'access_point', 'phone']) {
      expect(byType.get(t), t).toBeGreaterThan(0);
    }
    expect(byType.get('workstation')! + byType.get('laptop')!).toBeGreaterThan(120);
    const cameraMakers = new Set(inv.devices.filter((d) => d.device_type === 'ip_camera').map((d) => d.manufacturer));
    expect([...cameraMakers].sort()).toEqual(['Axis', 'Bosch', 'Hikvision']);
    const ids = inv.devices.map((d) => d.device_id);
    expect(ids.some((id) => /^dev_camera_floor\d_(north|south|east|west)$/.test(id))).toBe(true);
    expect(ids.some((id) => /^dev_camera_parking_\d\d$/.test(id))).toBe(true);
    expect(ids.some((id) => /^dev_sensor_hvac_(floor\d_ahu\d|b\d|roof_\d)/.test(id))).toBe(true);
    for (const id of ids) expect(id).toMatch(/^dev_[a-z0-9_]+$/);
    // A person's machine is named after its owner's UPN: sarah.k@acmecorp.com → dev_workstation_sarah_k.
    for (const d of inv.devices.filter((x) => x.device_type === 'workstation')) {
      expect(d.device_id.startsWith(`dev_workstation_${d.owner!.split('@')[0].replace('.', '_')}`)).toBe(true);
    }
    expect(ids).toContain('dev_server_nvr_hq');
  });

  it('gives users UPNs, display names, groups and mostly MFA', () => {
    for (const u of inv.users) {
      expect(u.user_id).toMatch(/^[a-z]+\.[a-z]+\d*@acmecorp\.com$/);
      expect(u.display_name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(u.groups).toContain('all-staff');
    }
    expect(share(inv.users, (u) => u.mfa_enrolled)).toBeGreaterThan(0.8);
    expect(share(inv.users, (u) => u.mfa_enrolled)).toBeLessThan(1);
    // Every user signs in somewhere (extra users share desks).
    for (const u of fleet.users) expect(u.devices.length).toBeGreaterThan(0);
  });

  it('keeps UPNs unique when names collide: sarah.k, sarah.ki, … sarah.kim2', () => {
    const crowd = generateFleet({ seed: 5, devices: 20, users: 5000, reference }).users.map((u) => u.record.user_id);
    expect(new Set(crowd).size).toBe(5000);
    for (const id of crowd) expect(id).toMatch(/^[a-z]+\.[a-z]+\d*@acmecorp\.com$/);
    expect(crowd.some((id) => /\d@/.test(id))).toBe(true);
  });

  it('places devices in per-site 10.x subnets with the infrastructure at fixed addresses', () => {
    const octet: Record<string, number> = { hq: 0, annex: 1, warehouse: 2, dc1: 10 };
    for (const d of inv.devices) expect(d.ip_addresses[0].startsWith(`10.${octet[d.site!]}.`), `${d.device_id} ${d.site} ${d.ip_addresses[0]}`).toBe(true);
    expect(inv.devices.find((d) => d.device_id === 'dev_server_nvr_hq')!.ip_addresses).toEqual(['10.0.2.5']);
    expect(inv.devices.find((d) => d.device_id === 'dev_server_dc01')!.ip_addresses).toEqual(['10.10.1.10']);
    expect(new Set(inv.devices.map((d) => d.site))).toEqual(new Set(['hq', 'annex', 'warehouse', 'dc1']));
  });

  it('has a realistic minority of unverified identities and outdated or end-of-life firmware', () => {
    const verified = share(inv.devices, (d) => d.trust_level === 'verified');
    expect(verified).toBeGreaterThan(0.7);
    expect(verified).toBeLessThan(0.95);
    expect(share(inv.devices, (d) => d.firmware_status === 'current')).toBeGreaterThan(0.65);
    expect(inv.devices.some((d) => d.firmware_status === 'outdated')).toBe(true);
    expect(inv.devices.some((d) => d.firmware_status === 'eol')).toBe(true);
    expect(share(inv.devices, (d) => d.firmware_status === 'eol')).toBeLessThan(0.1);
    for (const d of inv.devices) expect(Date.parse(d.enrolled_at!)).toBeLessThan(reference);
    // Verified devices hold a valid certificate; some expire within a month.
    const certs = inv.devices.filter((d) => d.trust_level === 'verified').map((d) => Date.parse(d.cert_expires_at!));
    expect(certs.every((c) => c > reference)).toBe(true);
    expect(certs.some((c) => c < reference + 30 * 86_400_000)).toBe(true);
  });

  it('still has every attack victim kind in the smallest fleet', () => {
    const small = generateFleet({ seed: 1, devices: 20, reference });
    const types = small.devices.map((d) => d.type);
    expect(small.devices).toHaveLength(20);
    for (const t of ['workstation', 'ip_camera', 'hvac_sensor'] as const) expect(types).toContain(t);
    expect(() => generateFleet({ seed: 1, devices: 19, reference })).toThrow(/at least 20 devices/);
  });
});
