// Row shapes of the inventory tables (devices, users, workloads and their addresses) and their mapping to
// the domain types the doors return; kept apart from the store so the store file holds only its queries.
import type { Device, User, Workload } from '@shared/domain/inventory';
import { isoOrNull } from '@shared/domain/time';

export interface DeviceRow {
  device_id: string; device_type: string; name: string | null; manufacturer: string | null; model: string | null;
  firmware_version: string | null; firmware_status: Device['firmware_status']; enrolled_at: number | null;
  trust_level: Device['trust_level']; cert_expires_at: number | null; site: string | null; owner: string | null;
  last_seen: number | null; discovered_at: number | null; ips: string | null;
}
export interface UserRow { user_id: string; display_name: string | null; mfa_enrolled: number; groups: string; enabled: number; home_country: string | null; last_seen: number | null; devices: string | null }
export interface WorkloadRow { workload_id: string; kind: Workload['kind']; name: string | null; image: string | null; runtime: string | null; owner: string | null; last_seen: number | null; ips: string | null }

const splitList = (s: string | null) => (s ? s.split(',') : []);

/** A LIKE pattern matching `search` anywhere, its own % _ \ taken literally (queries say ESCAPE '\'). */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function toDevice(r: DeviceRow): Device {
  return {
    device_id: r.device_id, device_type: r.device_type, name: r.name, manufacturer: r.manufacturer, model: r.model,
    firmware_version: r.firmware_version, firmware_status: r.firmware_status, ip_addresses: splitList(r.ips),
    enrolled_at: isoOrNull(r.enrolled_at), trust_level: r.trust_level, cert_expires_at: isoOrNull(r.cert_expires_at),
    site: r.site, owner: r.owner, last_seen: isoOrNull(r.last_seen), discovered: r.discovered_at !== null, discovered_at: isoOrNull(r.discovered_at),
  };
}

export function toUser(r: UserRow): User {
  return {
    user_id: r.user_id, display_name: r.display_name, mfa_enrolled: r.mfa_enrolled === 1, groups: JSON.parse(r.groups) as string[],
    enabled: r.enabled === 1, home_country: r.home_country, devices: splitList(r.devices), last_seen: isoOrNull(r.last_seen),
  };
}

export function toWorkload(r: WorkloadRow): Workload {
  return { workload_id: r.workload_id, kind: r.kind, name: r.name, image: r.image, runtime: r.runtime, owner: r.owner, ip_addresses: splitList(r.ips), last_seen: isoOrNull(r.last_seen) };
}
