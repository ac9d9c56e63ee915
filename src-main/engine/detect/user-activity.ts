// What the identity detectors remember per user: when the user was first seen, the devices they log in
// on (seeded from user_devices at start), and their last successful login (time, country, device).
import type { AttributedEvent } from '@shared/domain/telemetry';
import { sql, type SqlRunner } from '../db/sql';

export interface UserState {
  firstSeen: number;
  devices: Set<string>;
  lastSuccess: { ts: number; country: string | null; device: string | null; src: string | null } | null;
}

/** The device a login happened on: the event's explicit device, else the device it was attributed to. */
export function loginDevice(ev: AttributedEvent): string | null {
  if (ev.device_id !== undefined) return ev.device_id;
  return ev.entity_type === 'device' ? ev.entity_id : null;
}

export class UserActivity {
  private readonly users = new Map<string, UserState>();

  constructor(db: SqlRunner) {
    const rows = db.iterate<{ user_id: string; device_id: string; first_seen: number }>(sql`SELECT user_id, device_id, first_seen FROM user_devices`);
    for (const { user_id: user, device_id: device, first_seen: first } of rows) {
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
