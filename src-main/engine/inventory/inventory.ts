// The inventory of devices, users and workloads, and the IP attribution index telemetry is
// attributed through. Writes are audited by the caller's transaction (see import-inventory.ts).
import type { Device, DeviceRecord, User, UserRecord, Workload, WorkloadRecord } from '@shared/domain/inventory';
import type { EntityType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';
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

/** How many entities are in a state, and (up to a sample size of) which, by id. */
export interface InventorySample { count: number; ids: string[] }
/** What the posture factors read off a device. */
export interface DevicePostureFacts { id: string; trust_level: Device['trust_level']; enrolled_at: number | null; cert_expires_at: number | null; firmware_status: Device['firmware_status']; firmware_version: string | null }
/** Device health states counted by the compliance checks (see deviceHealth). */
export const DEVICE_HEALTH_STATES = ['notEnrolled', 'unverified', 'untrusted', 'certExpired', 'certExpiring', 'eol', 'outdated', 'silent'] as const;
export type DeviceHealthState = (typeof DEVICE_HEALTH_STATES)[number];
const ID_COLUMN = { device: sql.raw('device_id'), user: sql.raw('user_id'), workload: sql.raw('workload_id') } as const;
const TABLE = { device: sql.raw('devices'), user: sql.raw('users'), workload: sql.raw('workloads') } as const;
const inIds = (ids: readonly string[]) => sql`IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

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
    private readonly sql: SqlRunner,
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

  // ——— reads for posture, compliance and stats (on the SQL layer) ———

  /** How many entities of a kind the inventory holds. */
  count(type: EntityType): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM ${TABLE[type]}`, 'inventory.count') ?? 0;
  }

  /** Devices discovered from telemetry, not imported. */
  discoveredCount(): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM devices WHERE discovered_at IS NOT NULL`, 'inventory.discovered_count') ?? 0;
  }

  /** When the entity's inventory record last changed (clock time), if it exists. */
  updatedAt(type: EntityType, id: string): number | undefined {
    return this.sql.value<number>(sql`SELECT updated_at FROM ${TABLE[type]} WHERE ${ID_COLUMN[type]} = ${id}`, 'inventory.updated_at');
  }

  /** Every entity of a kind with the time its record last changed. */
  updatedAts(type: EntityType): { id: string; updated_at: number }[] {
    return this.sql.all(sql`SELECT ${ID_COLUMN[type]} AS id, updated_at FROM ${TABLE[type]}`, 'inventory.updated_ats');
  }

  /** Count and newest update of each inventory table: moves whenever any record is added or changed. */
  changeMark(): string {
    const part = (t: EntityType) => sql`(SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) FROM ${TABLE[t]})`;
    return this.sql.value<string>(sql`SELECT ${part('device')} || '/' || ${part('user')} || '/' || ${part('workload')}`, 'inventory.change_mark') ?? '';
  }

  /** The posture facts of the given devices that exist. */
  devicePostureFacts(ids: readonly string[]): DevicePostureFacts[] {
    return this.sql.all(sql`SELECT device_id AS id, trust_level, enrolled_at, cert_expires_at, firmware_status, firmware_version FROM devices WHERE device_id ${inIds(ids)}`, 'inventory.device_posture_facts');
  }

  /** MFA enrolment and enablement of the given users that exist. */
  userPostureFacts(ids: readonly string[]): { id: string; mfa_enrolled: boolean; enabled: boolean }[] {
    return this.sql.all<{ id: string; mfa_enrolled: number; enabled: number }>(sql`SELECT user_id AS id, mfa_enrolled, enabled FROM users WHERE user_id ${inIds(ids)}`, 'inventory.user_posture_facts')
      .map((r) => ({ id: r.id, mfa_enrolled: r.mfa_enrolled === 1, enabled: r.enabled === 1 }));
  }

  /** Which of the given ids exist as entities of the kind. */
  existing(type: EntityType, ids: readonly string[]): string[] {
    return this.sql.column<string>(sql`SELECT ${ID_COLUMN[type]} FROM ${TABLE[type]} WHERE ${ID_COLUMN[type]} ${inIds(ids)}`, 'inventory.existing');
  }

  /** Users who authenticated on any of the devices since `since`. */
  usersOfDevices(deviceIds: readonly string[], since: number): string[] {
    return this.sql.column<string>(sql`SELECT DISTINCT user_id FROM user_devices WHERE device_id ${inIds(deviceIds)} AND last_seen >= ${since}`, 'inventory.users_of_devices');
  }

  /** The devices each of the users authenticated on since `since`. */
  devicesOfUsers(userIds: readonly string[], since: number): { user_id: string; device_id: string }[] {
    return this.sql.all(sql`SELECT user_id, device_id FROM user_devices WHERE user_id ${inIds(userIds)} AND last_seen >= ${since} ORDER BY user_id, device_id`, 'inventory.devices_of_users');
  }

  /**
   * Devices per health state as of `now`, each with up to `sample` ids: counted in one scan, ids fetched
   * only for states that occur. A certificate expiring within `certWarnMs` is expiring; a device not seen
   * for `silentAfterMs` is silent.
   */
  deviceHealth(now: number, o: { certWarnMs: number; silentAfterMs: number; sample: number }): { total: number } & Record<DeviceHealthState, InventorySample> {
    const states: Record<DeviceHealthState, SqlFragment> = {
      notEnrolled: sql`enrolled_at IS NULL`,
      unverified: sql`trust_level = 'unverified'`,
      untrusted: sql`trust_level = 'untrusted'`,
      certExpired: sql`cert_expires_at IS NOT NULL AND cert_expires_at <= ${now}`,
      certExpiring: sql`cert_expires_at > ${now} AND cert_expires_at <= ${now + o.certWarnMs}`,
      eol: sql`firmware_status = 'eol'`,
      outdated: sql`firmware_status = 'outdated'`,
      silent: sql`(last_seen IS NULL OR last_seen < ${now - o.silentAfterMs})`,
    };
    const sums = sql.join(DEVICE_HEALTH_STATES.map((n) => sql`COALESCE(SUM(${states[n]}), 0) AS ${sql.raw(n)}`));
    const counts = this.sql.get<Record<DeviceHealthState | 'total', number>>(sql`SELECT COUNT(*) AS total, ${sums} FROM devices`, 'inventory.device_health')!;
    const sample = (n: DeviceHealthState): InventorySample => ({
      count: counts[n],
      ids: counts[n] === 0 ? [] : this.sql.column<string>(sql`SELECT device_id FROM devices WHERE ${states[n]} ORDER BY device_id LIMIT ${o.sample}`, 'inventory.device_health_ids'),
    });
    return { total: counts.total, ...(Object.fromEntries(DEVICE_HEALTH_STATES.map((n) => [n, sample(n)])) as Record<DeviceHealthState, InventorySample>) };
  }

  /** Workloads not seen since `since` (or never), with up to `sample` ids. */
  silentWorkloads(since: number, sample: number): InventorySample {
    const where = sql`WHERE last_seen IS NULL OR last_seen < ${since}`;
    const count = this.sql.value<number>(sql`SELECT COUNT(*) FROM workloads ${where}`, 'inventory.silent_workloads') ?? 0;
    return { count, ids: count === 0 ? [] : this.sql.column<string>(sql`SELECT workload_id FROM workloads ${where} ORDER BY workload_id LIMIT ${sample}`, 'inventory.silent_workload_ids') };
  }

  /** Enabled users, and those of them without MFA (up to `sample` ids). */
  userMfa(sample: number): { enabled: number; withoutMfa: InventorySample } {
    const enabled = this.sql.value<number>(sql`SELECT COUNT(*) FROM users WHERE enabled = 1`, 'inventory.enabled_users') ?? 0;
    const where = sql`WHERE enabled = 1 AND mfa_enrolled = 0`;
    const count = this.sql.value<number>(sql`SELECT COUNT(*) FROM users ${where}`, 'inventory.users_without_mfa') ?? 0;
    return { enabled, withoutMfa: { count, ids: count === 0 ? [] : this.sql.column<string>(sql`SELECT user_id FROM users ${where} ORDER BY user_id LIMIT ${sample}`, 'inventory.users_without_mfa_ids') } };
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
