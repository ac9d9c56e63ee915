// Which user is active on each device at a given time: the one whose successful login there is the
// latest at or before it. Seeded from the inventory's user_devices (each user's latest login per device), then kept
// current from the auth events the observer sees. A batch's logins are all in user_devices before
// observers run, so asking "as of the event's time" keeps a login from reaching back to earlier flows.

interface Login { user: string; ts: number }

/** The logins the inventory keeps (its user_devices table). */
export interface LoginSource {
  /** Each user's latest login on each device. */
  logins(): { device_id: string; user_id: string; last_seen: number }[];
  /** The devices a user has logged in on, most recent first. */
  devicesOf(userId: string): string[];
  /** Logins recorded in all (any process), and by this process: their difference moves only when another process records one. */
  total(): number;
  own(): number;
}

export class ActiveUsers {
  private byDevice: Map<string, Login[]> | null = null;
  /** Logins other processes had recorded when the map was loaded (total − own). */
  private foreign = 0;

  constructor(private readonly source: LoginSource) {}

  private load(): Map<string, Login[]> {
    if (this.byDevice) return this.byDevice;
    this.foreign = this.source.total() - this.source.own();
    const map = new Map<string, Login[]>();
    for (const r of this.source.logins()) {
      const list = map.get(r.device_id);
      if (list) list.push({ user: r.user_id, ts: r.last_seen });
      else map.set(r.device_id, [{ user: r.user_id, ts: r.last_seen }]);
    }
    return (this.byDevice = map);
  }

  /** The device's active user as of `at` (default: whoever logged in last). */
  of(deviceId: string, at = Number.POSITIVE_INFINITY): string | undefined {
    const list = this.load().get(deviceId);
    if (!list) return undefined;
    let best: Login | undefined;
    for (const l of list) if (l.ts <= at && (!best || l.ts > best.ts)) best = l;
    return best?.user;
  }

  note(deviceId: string, userId: string, ts: number): void {
    const map = this.load();
    const list = map.get(deviceId);
    const mine = list?.find((l) => l.user === userId);
    if (mine) mine.ts = Math.max(mine.ts, ts);
    else if (list) list.push({ user: userId, ts });
    else map.set(deviceId, [{ user: userId, ts }]);
  }

  /** Devices the user has logged in on, most recent first. */
  devicesOf(userId: string): string[] {
    return this.source.devicesOf(userId);
  }

  /**
   * Another connection committed something: forget the map only when it recorded logins (the next question
   * reloads it). This process's own logins are in the map already (note), so an ingest whose batches meet
   * the console's policy commits does not reread every login for each of them.
   */
  refresh(): void {
    if (this.byDevice && this.source.total() - this.source.own() !== this.foreign) this.byDevice = null;
  }
}
