// What the identity detectors remember per user: when the user was first seen, the devices they log in
// on (seeded from user_devices at start), and their last successful login (time, country, device).
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { UserDeviceLink } from '../inventory/inventory';

export interface UserState {
  firstSeen: number;
  devices: Set<string>;
  lastSuccess: { ts: number; country: string | null; device: string | null; src: string | null } | null;
}

/** The device a login happened on: the event's explicit device, else the device it was attributed to. */
export function loginDevice(ev: AttributedEvent): string | null {
  if (!signsInOnDevice(ev)) return null;
  if (ev.device_id !== undefined) return ev.device_id;
  return ev.entity_type === 'device' ? ev.entity_id : null;
}

/** Windows logon types of a person at the device: interactive, remote interactive (RDP), cached interactive. */
const INTERACTIVE = new Set([2, 10, 11]);

/**
 * Whether an auth event shows the user signing in on the device it is attributed to. Host logs record far
 * more than that (network logons to a file server, Kerberos tickets and NTLM checks on a domain controller,
 * privilege and explicit-credential events): of Windows events only an interactive 4624 counts.
 */
export function signsInOnDevice(ev: Pick<AttributedEvent, 'kind' | 'host_name' | 'event_code' | 'logon_type'>): boolean {
  if (ev.kind !== 'auth') return false;
  if (ev.host_name === undefined || ev.event_code === undefined) return true;
  return ev.event_code === 4624 && ev.logon_type !== undefined && INTERACTIVE.has(ev.logon_type);
}

export class UserActivity {
  private readonly users = new Map<string, UserState>();

  constructor(links: readonly UserDeviceLink[]) {
    for (const { user_id: user, device_id: device, first_seen: first } of links) {
      const u = this.get(user, first);
      u.devices.add(device);
      if (first < u.firstSeen) u.firstSeen = first;
    }
  }

  get(user: string, ts: number): UserState {
    let u = this.users.get(user);
    if (!u) this.users.set(user, (u = { firstSeen: ts, devices: new Set(), lastSuccess: null }));
    return u;
  }

  peek(user: string): UserState | undefined {
    return this.users.get(user);
  }

  /** Learns from an auth event after the detectors have judged it (so they compare with what was known before). */
  note(ev: AttributedEvent): void {
    if (ev.user_id === undefined) return;
    const u = this.get(ev.user_id, ev.ts);
    if (ev.ts < u.firstSeen) u.firstSeen = ev.ts;
    if (ev.kind !== 'auth' || ev.outcome === 'failure') return;
    const device = loginDevice(ev);
    if (device) u.devices.add(device);
    if (!u.lastSuccess || ev.ts >= u.lastSuccess.ts) u.lastSuccess = { ts: ev.ts, country: ev.country?.toUpperCase() ?? null, device, src: ev.src_ip ?? null };
  }
}
