// The management path of a quarantined device: what it may still reach. Configured per device or
// fleet-wide in settings; otherwise the device's baseline top destination (its name and the addresses
// DNS answers gave for it, since telemetry shows flows by address and queries by name).
import type { BehavioralBaseline } from '@shared/contract/operations/posture-schemas';
import type { Db } from '../db/open';
import { invalid } from '../errors';
import type { Logger } from '../log';
import { parseDestination } from './destination';

export const MANAGEMENT_DEFAULT_KEY = 'policy.management.default';
export const managementDeviceKey = (deviceId: string) => `policy.management.device.${deviceId}`;
const MAX_RESOLVED = 8;

export type ManagementSource = 'configured' | 'baseline' | 'none';

export class ManagementPaths {
  private readonly stmts;

  constructor(private readonly db: Db, private readonly log: Logger, private readonly baseline?: (deviceId: string) => BehavioralBaseline) {
    this.stmts = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      put: db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      del: db.prepare('DELETE FROM settings WHERE key = ?'),
      ipsOf: db.prepare('SELECT ip FROM dns_names WHERE name = ? ORDER BY last_seen DESC LIMIT ?').pluck(),
      nameOf: db.prepare('SELECT name FROM dns_names WHERE ip = ?').pluck(),
    };
  }

  /** The configured list (device's own, or the fleet default with null), or null when none is set. */
  configured(deviceId: string | null): string[] | null {
    const raw = this.stmts.get.get(deviceId === null ? MANAGEMENT_DEFAULT_KEY : managementDeviceKey(deviceId)) as string | undefined;
    if (raw === undefined) return null;
    try {
      const list = JSON.parse(raw) as unknown;
      if (Array.isArray(list)) return list.filter((d): d is string => typeof d === 'string' && !('error' in parseDestination(d)));
    } catch {
      // fall through: a hand-edited setting that is not JSON is ignored, and said so
    }
    this.log.warn('management path setting ignored: not a JSON list of destinations', { device_id: deviceId });
    return null;
  }

  /** Validates and stores a list (empty clears it). Call inside the audited transaction. */
  set(deviceId: string | null, destinations: readonly string[]): string[] {
    const canonical = destinations.map((d, i) => {
      const p = parseDestination(d);
      if ('error' in p) throw invalid(`destinations[${i}]`, p.error);
      return p.value;
    });
    const key = deviceId === null ? MANAGEMENT_DEFAULT_KEY : managementDeviceKey(deviceId);
    if (canonical.length === 0) this.stmts.del.run(key);
    else this.stmts.put.run(key, JSON.stringify([...new Set(canonical)]));
    return [...new Set(canonical)];
  }

  /** The device's management path now: its configured list, else its baseline top destination; plus the fleet default. */
  resolve(deviceId: string): { destinations: string[]; source: ManagementSource } {
    const own = this.configured(deviceId);
    const fleet = this.configured(null) ?? [];
    let destinations: string[] = [];
    let source: ManagementSource = 'none';
    if (own) {
      destinations = own;
      source = 'configured';
    } else {
      const top = this.baseline?.(deviceId).known_destinations[0];
      if (top) {
        source = 'baseline';
        const p = parseDestination(top);
        if (!('error' in p) && p.type === 'domain') destinations = [p.value, ...(this.stmts.ipsOf.all(p.value, MAX_RESOLVED) as string[])];
        else if (!('error' in p) && p.type === 'ip') destinations = [p.value, ...[this.stmts.nameOf.get(p.value) as string | undefined].filter((n): n is string => !!n)];
      }
    }
    if (fleet.length && source === 'none') source = 'configured';
    return { destinations: [...new Set([...destinations, ...fleet])], source };
  }
}
