// The inventory of devices, users and workloads, and the IP attribution index telemetry is
// attributed through. Writes are audited by the caller's transaction (see import-inventory.ts).
import type { Device, DeviceRecord, User, UserRecord, Workload, WorkloadRecord } from '@shared/domain/inventory';
import type { EntityType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { sql, type SqlRunner } from '../db/sql';
import type { QueryTimer } from '../db/timed';
import { canonicalIp, isPrivateIp } from './ip';

export interface EntityRef {
  type: EntityType;
  id: string;
}

interface DeviceRow {
  device_id: string; device_type: string; name: string | null; manufacturer: string | null; model: string | null;
  firmware_version: string | null; firmware_status: Device['firmware_status']; enrolled_at: number | null;
  trust_level: Device['trust_level']; cert_expires_at: number | null; site: string | null; owner: string | null;
  last_seen: number | null; discovered_at: number | null; ips: string | null;
}
interface UserRow { user_id: string; display_name: string | null; mfa_enrolled: number; groups: string; enabled: number; home_country: string | null; last_seen: number | null; devices: string | null }
interface WorkloadRow { workload_id: string; kind: Workload['kind']; name: string | null; image: string | null; runtime: string | null; owner: string | null; last_seen: number | null; ips: string | null }

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : null);
const splitList = (s: string | null) => (s ? s.split(',') : []);

export interface ListQuery { search?: string; limit: number; offset: number }

/** A discovered device an inventory import has just claimed: its anomalies and incidents move to the entity `to`. */
export interface ClaimedDevice { from: string; to: EntityRef; ip: string }

export class Inventory {
  /** ip → owning entity; rebuilt from entity_ips at open and kept current by upserts. */
  private readonly byIp = new Map<string, EntityRef>();
  /** Ids of discovered (unmanaged) devices: a discovered device is named by its address. */
  private readonly discovered = new Set<string>();
  /** Register hosts the inventory does not know when telemetry shows them (detect config attribute_unknown_hosts). */
  discoverUnknownHosts = true;
  private readonly claimed: ClaimedDevice[] = [];
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly timer: QueryTimer,
  ) {
    this.stmts = {
      upsertDevice: db.prepare(`INSERT INTO devices (device_id, device_type, name, manufacturer, model, firmware_version, firmware_status, enrolled_at, trust_level, cert_expires_at, site, owner, last_seen, updated_at)
        VALUES (@device_id, @device_type, @name, @manufacturer, @model, @firmware_version, @firmware_status, @enrolled_at, @trust_level, @cert_expires_at, @site, @owner, @last_seen, @updated_at)
        ON CONFLICT(device_id) DO UPDATE SET device_type=excluded.device_type, name=excluded.name, manufacturer=excluded.manufacturer, model=excluded.model,
          firmware_version=excluded.firmware_version, firmware_status=excluded.firmware_status, enrolled_at=excluded.enrolled_at, trust_level=excluded.trust_level,
          cert_expires_at=excluded.cert_expires_at, site=excluded.site, owner=excluded.owner, last_seen=COALESCE(MAX(devices.last_seen, excluded.last_seen), devices.last_seen, excluded.last_seen),
          discovered_at=NULL, updated_at=excluded.updated_at`),
      upsertUser: db.prepare(`INSERT INTO users (user_id, display_name, mfa_enrolled, groups, enabled, home_country, updated_at)
        VALUES (@user_id, @display_name, @mfa_enrolled, @groups, @enabled, @home_country, @updated_at)
        ON CONFLICT(user_id) DO UPDATE SET display_name=excluded.display_name, mfa_enrolled=excluded.mfa_enrolled, groups=excluded.groups,
          enabled=excluded.enabled, home_country=excluded.home_country, updated_at=excluded.updated_at`),
      upsertWorkload: db.prepare(`INSERT INTO workloads (workload_id, kind, name, image, runtime, owner, updated_at)
        VALUES (@workload_id, @kind, @name, @image, @runtime, @owner, @updated_at)
        ON CONFLICT(workload_id) DO UPDATE SET kind=excluded.kind, name=excluded.name, image=excluded.image, runtime=excluded.runtime, owner=excluded.owner, updated_at=excluded.updated_at`),
      clearIps: db.prepare('DELETE FROM entity_ips WHERE entity_type = ? AND entity_id = ?'),
      addIp: db.prepare('INSERT OR IGNORE INTO entity_ips (ip, entity_type, entity_id) VALUES (?, ?, ?)'),
      touchDevice: db.prepare('UPDATE devices SET last_seen = ? WHERE device_id = ? AND (last_seen IS NULL OR last_seen < ?)'),
      touchWorkload: db.prepare('UPDATE workloads SET last_seen = ? WHERE workload_id = ? AND (last_seen IS NULL OR last_seen < ?)'),
      touchUser: db.prepare('UPDATE users SET last_seen = ? WHERE user_id = ? AND (last_seen IS NULL OR last_seen < ?)'),
      userDevice: db.prepare(`INSERT INTO user_devices (user_id, device_id, first_seen, last_seen, logins) VALUES (?, ?, ?, ?, 1)
        ON CONFLICT(user_id, device_id) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen), first_seen = MIN(first_seen, excluded.first_seen), logins = logins + 1`),
      discover: db.prepare(`INSERT INTO devices (device_id, device_type, firmware_status, trust_level, last_seen, discovered_at, updated_at)
        VALUES (@id, 'other', 'current', 'unverified', @ts, @ts, @now) ON CONFLICT(device_id) DO NOTHING`),
      discoverIp: db.prepare(`INSERT OR IGNORE INTO entity_ips (ip, entity_type, entity_id) VALUES (?, 'device', ?)`),
      dropDiscovered: db.prepare('DELETE FROM devices WHERE device_id = ? AND discovered_at IS NOT NULL'),
      deviceExists: db.prepare('SELECT 1 FROM devices WHERE device_id = ?').pluck(),
      userExists: db.prepare('SELECT 1 FROM users WHERE user_id = ?').pluck(),
      workloadExists: db.prepare('SELECT 1 FROM workloads WHERE workload_id = ?').pluck(),
    };
    this.reloadAttribution();
  }

  /** Rebuilds the IP index from the database (another process may have imported inventory). */
  reloadAttribution(): void {
    this.byIp.clear();
    this.discovered.clear();
    for (const id of this.db.prepare('SELECT device_id FROM devices WHERE discovered_at IS NOT NULL').pluck().iterate() as IterableIterator<string>) this.discovered.add(id);
    for (const row of this.db.prepare('SELECT ip, entity_type, entity_id FROM entity_ips').iterate() as IterableIterator<{ ip: string; entity_type: EntityType; entity_id: string }>) {
      this.byIp.set(row.ip, { type: row.entity_type, id: row.entity_id });
    }
  }

  /** The entity an address belongs to, in O(1); undefined for addresses outside the inventory. */
  entityForIp(ip: string): EntityRef | undefined {
    return this.byIp.get(ip);
  }

  /**
   * The discovered device an address no inventory entity explains belongs to: private addresses only
   * (a public peer is the other side of a flow, not a host of this network). Named by the address.
   */
  discoverableAt(ip: string | undefined): EntityRef | undefined {
    if (ip === undefined || !this.discoverUnknownHosts || !isPrivateIp(ip)) return undefined;
    this.discovered.add(ip);
    return { type: 'device', id: ip };
  }

  /** Whether a device id names a discovered (unmanaged) device rather than an inventory one. */
  isDiscovered(id: string): boolean {
    return this.discovered.has(id);
  }

  /** Registers a discovered device and its address (idempotent). Call inside the batch transaction. */
  registerDiscovered(ip: string, ts: number): void {
    if (this.stmts.discover.run({ id: ip, ts, now: this.clock.now() }).changes === 0) return;
    this.stmts.discoverIp.run(ip, ip);
    this.byIp.set(ip, { type: 'device', id: ip });
    this.discovered.add(ip);
  }

  /** Discovered devices claimed by the imports since the last call (see ClaimedDevice). */
  takeClaimed(): ClaimedDevice[] {
    return this.claimed.splice(0);
  }

  get attributedAddresses(): number {
    return this.byIp.size;
  }

  private setIps(type: 'device' | 'workload', id: string, ips: string[]): void {
    this.stmts.clearIps.run(type, id);
    for (const [ip, ref] of this.byIp) if (ref.type === type && ref.id === id) this.byIp.delete(ip);
    for (const raw of ips) {
      const ip = canonicalIp(raw.trim());
      if (!ip) throw new Error(`${type} ${id}: '${raw}' is not an IP address`);
      const owner = this.byIp.get(ip);
      // An imported entity claims a discovered device's address: the discovered row gives way to it.
      if (owner?.type === 'device' && owner.id !== id && this.discovered.has(owner.id)) this.claim(owner.id, type, id, ip);
      this.stmts.addIp.run(ip, type, id);
      this.byIp.set(ip, { type, id });
    }
  }

  /** Upserts validated records. Call inside a transaction (with its audit entry). */
  upsertDevice(d: DeviceRecord): void {
    this.discovered.delete(d.device_id);
    this.stmts.upsertDevice.run({
      device_id: d.device_id, device_type: d.device_type, name: d.name ?? null, manufacturer: d.manufacturer ?? null, model: d.model ?? null,
      firmware_version: d.firmware_version ?? null, firmware_status: d.firmware_status, enrolled_at: ms(d.enrolled_at), trust_level: d.trust_level,
      cert_expires_at: ms(d.cert_expires_at), site: d.site ?? null, owner: d.owner ?? null, last_seen: ms(d.last_seen), updated_at: this.clock.now(),
    });
    this.setIps('device', d.device_id, d.ip_addresses);
  }

  upsertUser(u: UserRecord): void {
    this.stmts.upsertUser.run({
      user_id: u.user_id, display_name: u.display_name ?? null, mfa_enrolled: u.mfa_enrolled ? 1 : 0, groups: JSON.stringify(u.groups),
      enabled: u.enabled ? 1 : 0, home_country: u.home_country ?? null, updated_at: this.clock.now(),
    });
  }

  upsertWorkload(w: WorkloadRecord): void {
    this.stmts.upsertWorkload.run({
      workload_id: w.workload_id, kind: w.kind, name: w.name ?? null, image: w.image ?? null, runtime: w.runtime ?? null, owner: w.owner ?? null, updated_at: this.clock.now(),
    });
    this.setIps('workload', w.workload_id, w.ip_addresses);
  }

  private claim(from: string, type: 'device' | 'workload', to: string, ip: string): void {
    this.stmts.clearIps.run('device', from);
    this.stmts.dropDiscovered.run(from);
    this.discovered.delete(from);
    this.byIp.delete(ip);
    this.claimed.push({ from, to: { type, id: to }, ip });
  }

  /** Records activity seen in telemetry (last_seen only moves forward). */
  touch(ref: EntityRef, ts: number): void {
    const stmt = ref.type === 'device' ? this.stmts.touchDevice : ref.type === 'workload' ? this.stmts.touchWorkload : this.stmts.touchUser;
    stmt.run(ts, ref.id, ts);
  }

  /** A user authenticated on a device: this is how the devices a user is active on are known. */
  recordUserDevice(userId: string, deviceId: string, ts: number): void {
    this.stmts.userDevice.run(userId, deviceId, ts, ts);
  }

  exists(type: EntityType, id: string): boolean {
    const stmt = type === 'device' ? this.stmts.deviceExists : type === 'user' ? this.stmts.userExists : this.stmts.workloadExists;
    return stmt.get(id) === 1;
  }

  /** Every id of a kind (devices optionally of one device_type), sorted: for counting who a policy reaches. */
  ids(type: EntityType, deviceType?: string): string[] {
    if (type === 'device') return (deviceType === undefined ? this.db.prepare('SELECT device_id FROM devices ORDER BY device_id').pluck().all() : this.db.prepare('SELECT device_id FROM devices WHERE device_type = ? ORDER BY device_id').pluck().all(deviceType)) as string[];
    return this.db.prepare(type === 'user' ? 'SELECT user_id FROM users ORDER BY user_id' : 'SELECT workload_id FROM workloads ORDER BY workload_id').pluck().all() as string[];
  }

  listDevices(q: ListQuery & { device_type?: string; firmware_status?: string; trust_level?: string; discovered?: boolean }): { devices: Device[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.discovered !== undefined) where.push(q.discovered ? 'd.discovered_at IS NOT NULL' : 'd.discovered_at IS NULL');
    if (q.device_type) { where.push('d.device_type = @device_type'); params.device_type = q.device_type; }
    if (q.firmware_status) { where.push('d.firmware_status = @firmware_status'); params.firmware_status = q.firmware_status; }
    if (q.trust_level) { where.push('d.trust_level = @trust_level'); params.trust_level = q.trust_level; }
    if (q.search) {
      where.push(`(d.device_id LIKE @s ESCAPE '\\' OR d.name LIKE @s ESCAPE '\\' OR d.model LIKE @s ESCAPE '\\' OR d.manufacturer LIKE @s ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM entity_ips e WHERE e.entity_type = 'device' AND e.entity_id = d.device_id AND e.ip LIKE @s ESCAPE '\\'))`);
      params.s = likePattern(q.search);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.timer.measure('devices.count', () => this.db.prepare(`SELECT COUNT(*) FROM devices d ${filter}`).pluck().get(params) as number);
    const rows = this.timer.measure('devices.list', () =>
      this.db.prepare(`SELECT d.*, (SELECT group_concat(ip) FROM entity_ips e WHERE e.entity_type = 'device' AND e.entity_id = d.device_id) AS ips
        FROM devices d ${filter} ORDER BY d.device_id LIMIT @limit OFFSET @offset`).all(params) as DeviceRow[]);
    return { devices: rows.map(toDevice), total };
  }

  getDevice(id: string): Device | undefined {
    const row = this.db.prepare(`SELECT d.*, (SELECT group_concat(ip) FROM entity_ips e WHERE e.entity_type = 'device' AND e.entity_id = d.device_id) AS ips FROM devices d WHERE device_id = ?`).get(id) as DeviceRow | undefined;
    return row && toDevice(row);
  }

  listUsers(q: ListQuery & { mfa_enrolled?: boolean }): { users: User[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.mfa_enrolled !== undefined) { where.push('u.mfa_enrolled = @mfa'); params.mfa = q.mfa_enrolled ? 1 : 0; }
    if (q.search) { where.push(`(u.user_id LIKE @s ESCAPE '\\' OR u.display_name LIKE @s ESCAPE '\\')`); params.s = likePattern(q.search); }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT COUNT(*) FROM users u ${filter}`).pluck().get(params) as number;
    const rows = this.timer.measure('users.list', () =>
      this.db.prepare(`SELECT u.*, (SELECT group_concat(device_id) FROM user_devices ud WHERE ud.user_id = u.user_id) AS devices
        FROM users u ${filter} ORDER BY u.user_id LIMIT @limit OFFSET @offset`).all(params) as UserRow[]);
    return { users: rows.map(toUser), total };
  }

  getUser(id: string): User | undefined {
    const row = this.db.prepare(`SELECT u.*, (SELECT group_concat(device_id) FROM user_devices ud WHERE ud.user_id = u.user_id) AS devices FROM users u WHERE user_id = ?`).get(id) as UserRow | undefined;
    return row && toUser(row);
  }

  listWorkloads(q: ListQuery & { kind?: string }): { workloads: Workload[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
    if (q.kind) { where.push('w.kind = @kind'); params.kind = q.kind; }
    if (q.search) { where.push(`(w.workload_id LIKE @s ESCAPE '\\' OR w.name LIKE @s ESCAPE '\\' OR w.image LIKE @s ESCAPE '\\')`); params.s = likePattern(q.search); }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT COUNT(*) FROM workloads w ${filter}`).pluck().get(params) as number;
    const rows = this.timer.measure('workloads.list', () =>
      this.db.prepare(`SELECT w.*, (SELECT group_concat(ip) FROM entity_ips e WHERE e.entity_type = 'workload' AND e.entity_id = w.workload_id) AS ips
        FROM workloads w ${filter} ORDER BY w.workload_id LIMIT @limit OFFSET @offset`).all(params) as WorkloadRow[]);
    return { workloads: rows.map(toWorkload), total };
  }

  getWorkload(id: string): Workload | undefined {
    const row = this.db.prepare(`SELECT w.*, (SELECT group_concat(ip) FROM entity_ips e WHERE e.entity_type = 'workload' AND e.entity_id = w.workload_id) AS ips FROM workloads w WHERE workload_id = ?`).get(id) as WorkloadRow | undefined;
    return row && toWorkload(row);
  }
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toDevice(r: DeviceRow): Device {
  return {
    device_id: r.device_id, device_type: r.device_type, name: r.name, manufacturer: r.manufacturer, model: r.model,
    firmware_version: r.firmware_version, firmware_status: r.firmware_status, ip_addresses: splitList(r.ips),
    enrolled_at: isoOrNull(r.enrolled_at), trust_level: r.trust_level, cert_expires_at: isoOrNull(r.cert_expires_at),
    site: r.site, owner: r.owner, last_seen: isoOrNull(r.last_seen), discovered: r.discovered_at !== null, discovered_at: isoOrNull(r.discovered_at),
  };
}

function toUser(r: UserRow): User {
  return {
    user_id: r.user_id, display_name: r.display_name, mfa_enrolled: r.mfa_enrolled === 1, groups: JSON.parse(r.groups) as string[],
    enabled: r.enabled === 1, home_country: r.home_country, devices: splitList(r.devices), last_seen: isoOrNull(r.last_seen),
  };
}

function toWorkload(r: WorkloadRow): Workload {
  return { workload_id: r.workload_id, kind: r.kind, name: r.name, image: r.image, runtime: r.runtime, owner: r.owner, ip_addresses: splitList(r.ips), last_seen: isoOrNull(r.last_seen) };
}

// Read by the policy domain (who is active on a device, a suspension's reach): the table stays the
// inventory's (recordUserDevice writes it), so its SQL stays here.

/** Each user's latest login on each device. */
export function userDeviceLogins(q: SqlRunner): { device_id: string; user_id: string; last_seen: number }[] {
  return q.all(sql`SELECT device_id, user_id, last_seen FROM user_devices`, 'inventory.userDeviceLogins');
}

/** The devices a user has logged in on, most recent first. */
export function devicesOfUser(q: SqlRunner, userId: string): string[] {
  return q.column<string>(sql`SELECT device_id FROM user_devices WHERE user_id = ${userId} ORDER BY last_seen DESC, device_id`, 'inventory.devicesOfUser');
}
