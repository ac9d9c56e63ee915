// The inventory store: the one owner of the devices, users, workloads, entity_ips and user_devices
// tables, and the IP attribution index telemetry is attributed through. Other domains read inventory
// facts through its methods, never its tables. Writes are audited by the caller's transaction (see
// import-inventory.ts).
import type { Device, DeviceRecord, User, UserRecord, Workload, WorkloadRecord } from '@shared/domain/inventory';
import type { EntityType } from '@shared/domain/enums';
import type { Clock } from '../clock';
import { sql, type PreparedStatement, type SqlFragment, type SqlRunner } from '../db/sql';
import { statementSet } from '../db/statement-set';
import { deviceStates, userStates, workloadStates, type DeviceStates, type Sample, type StateWindows } from './fleet-states';
import { canonicalIp, isPrivateIp } from './ip';
import { likePattern, toDevice, toUser, toWorkload, type DeviceRow, type UserRow, type WorkloadRow } from './inventory-rows';

export interface EntityRef {
  type: EntityType;
  id: string;
}

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : null);

export interface ListQuery { search?: string; limit: number; offset: number }

/** A discovered device an inventory import has just claimed: its anomalies and incidents move to the entity `to`. */
export interface ClaimedDevice { from: string; to: EntityRef; ip: string }

/** What the firmware detectors judge a device by; in this key order, which callers keep as JSON and compare. */
export interface FirmwareFacts { manufacturer: string | null; model: string | null; firmware_version: string | null; firmware_status: string; device_type: string }
/** What detectors compare a device against: its firmware facts and where it is. */
export interface DeviceFacts extends FirmwareFacts { site: string | null }

/** The inventory side of an entity's posture, by kind. */
interface DevicePostureFacts { id: string; trust_level: Device['trust_level']; enrolled_at: number | null; cert_expires_at: number | null; firmware_status: Device['firmware_status']; firmware_version: string | null }
interface UserPostureFacts { id: string; mfa_enrolled: number; enabled: number }
interface WorkloadPostureFacts { id: string }
export interface PostureFacts { device: DevicePostureFacts; user: UserPostureFacts; workload: WorkloadPostureFacts }

/** One user's logins on one device, as user_devices keeps them. */
export interface UserDeviceLink { user_id: string; device_id: string; first_seen: number; last_seen: number }

type HotStatement = 'upsertDevice' | 'upsertUser' | 'upsertWorkload' | 'clearIps' | 'addIp' | 'touchDevice' | 'touchWorkload' | 'touchUser' | 'userDevice' | 'discover' | 'discoverIp' | 'dropDiscovered';

/** Each kind's table and id column: trusted constants, so they may be spliced into query text. */
const TABLE: Record<EntityType, { table: SqlFragment; id: SqlFragment; name: SqlFragment }> = {
  device: { table: sql.raw('devices'), id: sql.raw('device_id'), name: sql.raw('name') },
  user: { table: sql.raw('users'), id: sql.raw('user_id'), name: sql.raw('display_name') },
  workload: { table: sql.raw('workloads'), id: sql.raw('workload_id'), name: sql.raw('name') },
};

const LIKE = sql.raw("ESCAPE '\\'");
const DEVICE_IPS = sql.raw("(SELECT group_concat(ip) FROM entity_ips e WHERE e.entity_type = 'device' AND e.entity_id = d.device_id) AS ips");
const WORKLOAD_IPS = sql.raw("(SELECT group_concat(ip) FROM entity_ips e WHERE e.entity_type = 'workload' AND e.entity_id = w.workload_id) AS ips");
const USER_DEVICES = sql.raw('(SELECT group_concat(device_id) FROM user_devices ud WHERE ud.user_id = u.user_id) AS devices');

/** The key of an entity in Inventory.ipsOf. */
const entityKey = (type: EntityType, id: string): string => `${type}:${id}`;

export class Inventory {
  /** ip → owning entity; rebuilt from entity_ips at open and kept current by upserts. */
  private readonly byIp = new Map<string, EntityRef>();
  /**
   * `type:id` → the addresses byIp was given for that entity, so an upsert forgets an entity's old addresses
   * without going through every address of the inventory (that made an import of n devices O(n²): 3,000
   * devices went through 4.5 million entries). May list an address another entity took since: the owner is checked.
   */
  private readonly ipsOf = new Map<string, string[]>();
  /** Ids of discovered (unmanaged) devices: a discovered device is named by its address. */
  private readonly discovered = new Set<string>();
  /** host name (lowercase FQDN or short name) → inventory device, or null: looked up once, dropped on any device upsert. */
  private readonly byName = new Map<string, EntityRef | null>();
  /** Register hosts the inventory does not know when telemetry shows them (detect config attribute_unknown_hosts). */
  discoverUnknownHosts = true;
  private readonly claimed: ClaimedDevice[] = [];
  /** The statements an ingest batch runs once per entity or login: prepared once, bound positionally. */
  private readonly hot: Record<HotStatement, PreparedStatement>;

  constructor(
    private readonly runner: SqlRunner,
    private readonly clock: Clock,
  ) {
    this.hot = statementSet(runner, 'inventory', {
      upsertDevice: `INSERT INTO devices (device_id, device_type, name, manufacturer, model, firmware_version, firmware_status, enrolled_at, trust_level, cert_expires_at, site, owner, last_seen, updated_at)
        VALUES (@device_id, @device_type, @name, @manufacturer, @model, @firmware_version, @firmware_status, @enrolled_at, @trust_level, @cert_expires_at, @site, @owner, @last_seen, @updated_at)
        ON CONFLICT(device_id) DO UPDATE SET device_type=excluded.device_type, name=excluded.name, manufacturer=excluded.manufacturer, model=excluded.model,
          firmware_version=excluded.firmware_version, firmware_status=excluded.firmware_status, enrolled_at=excluded.enrolled_at, trust_level=excluded.trust_level,
          cert_expires_at=excluded.cert_expires_at, site=excluded.site, owner=excluded.owner, last_seen=COALESCE(MAX(devices.last_seen, excluded.last_seen), devices.last_seen, excluded.last_seen),
          discovered_at=NULL, updated_at=excluded.updated_at`,
      upsertUser: `INSERT INTO users (user_id, display_name, mfa_enrolled, groups, enabled, home_country, updated_at)
        VALUES (@user_id, @display_name, @mfa_enrolled, @groups, @enabled, @home_country, @updated_at)
        ON CONFLICT(user_id) DO UPDATE SET display_name=excluded.display_name, mfa_enrolled=excluded.mfa_enrolled, groups=excluded.groups,
          enabled=excluded.enabled, home_country=excluded.home_country, updated_at=excluded.updated_at`,
      upsertWorkload: `INSERT INTO workloads (workload_id, kind, name, image, runtime, owner, updated_at)
        VALUES (@workload_id, @kind, @name, @image, @runtime, @owner, @updated_at)
        ON CONFLICT(workload_id) DO UPDATE SET kind=excluded.kind, name=excluded.name, image=excluded.image, runtime=excluded.runtime, owner=excluded.owner, updated_at=excluded.updated_at`,
      clearIps: 'DELETE FROM entity_ips WHERE entity_type = ? AND entity_id = ?',
      addIp: 'INSERT OR IGNORE INTO entity_ips (ip, entity_type, entity_id) VALUES (?, ?, ?)',
      touchDevice: 'UPDATE devices SET last_seen = ? WHERE device_id = ? AND (last_seen IS NULL OR last_seen < ?)',
      touchWorkload: 'UPDATE workloads SET last_seen = ? WHERE workload_id = ? AND (last_seen IS NULL OR last_seen < ?)',
      touchUser: 'UPDATE users SET last_seen = ? WHERE user_id = ? AND (last_seen IS NULL OR last_seen < ?)',
      userDevice: `INSERT INTO user_devices (user_id, device_id, first_seen, last_seen, logins) VALUES (?, ?, ?, ?, 1)
        ON CONFLICT(user_id, device_id) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen), first_seen = MIN(first_seen, excluded.first_seen), logins = logins + 1`,
      discover: `INSERT INTO devices (device_id, device_type, firmware_status, trust_level, last_seen, discovered_at, updated_at)
        VALUES (@id, 'other', 'current', 'unverified', @ts, @ts, @now) ON CONFLICT(device_id) DO NOTHING`,
      discoverIp: `INSERT OR IGNORE INTO entity_ips (ip, entity_type, entity_id) VALUES (?, 'device', ?)`,
      dropDiscovered: 'DELETE FROM devices WHERE device_id = ? AND discovered_at IS NOT NULL',
    });
    this.reloadAttribution();
  }

  /** Rebuilds the IP index from the database (another process may have imported inventory). */
  reloadAttribution(): void {
    this.byIp.clear();
    this.ipsOf.clear();
    this.byName.clear();
    this.discovered.clear();
    for (const id of this.runner.column<string>(sql`SELECT device_id FROM devices WHERE discovered_at IS NOT NULL`, 'inventory.discovered')) this.discovered.add(id);
    for (const row of this.runner.iterate<{ ip: string; entity_type: EntityType; entity_id: string }>(sql`SELECT ip, entity_type, entity_id FROM entity_ips`)) {
      this.bindIp(row.ip, row.entity_type, row.entity_id);
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

  /**
   * The inventory device a host name (as Windows logs it: `WORKSTATION6.theshire.local`) belongs to: a
   * device whose id or name is the full name or its first label, case-insensitively; undefined for none.
   */
  entityForHostName(hostName: string): EntityRef | undefined {
    const name = hostName.toLowerCase();
    let ref = this.byName.get(name);
    if (ref === undefined) {
      const short = name.split('.', 1)[0];
      const id = this.runner.value<string>(sql`SELECT device_id FROM devices WHERE discovered_at IS NULL AND (lower(device_id) IN (${name}, ${short}) OR lower(name) IN (${name}, ${short}))
        ORDER BY lower(device_id) = ${name} DESC, lower(name) = ${name} DESC LIMIT 1`, 'inventory.byHostName');
      ref = id === undefined ? null : { type: 'device', id };
      this.byName.set(name, ref);
    }
    return ref ?? undefined;
  }

  /** The discovered device a host name no inventory device claims is (named by the lowercase host name). */
  discoverableNamed(hostName: string): EntityRef | undefined {
    if (!this.discoverUnknownHosts) return undefined;
    const id = hostName.toLowerCase();
    this.discovered.add(id);
    return { type: 'device', id };
  }

  /** Registers a discovered device known by its host name only (idempotent). Call inside the batch transaction. */
  registerDiscoveredName(name: string, ts: number): void {
    if (this.hot.discover.run({ id: name, ts, now: this.clock.now() }).changes === 0) return;
    this.discovered.add(name);
  }

  /** Whether a device id names a discovered (unmanaged) device rather than an inventory one. */
  isDiscovered(id: string): boolean {
    return this.discovered.has(id);
  }

  /** Registers a discovered device and its address (idempotent). Call inside the batch transaction. */
  registerDiscovered(ip: string, ts: number): void {
    if (this.hot.discover.run({ id: ip, ts, now: this.clock.now() }).changes === 0) return;
    this.hot.discoverIp.run(ip, ip);
    this.bindIp(ip, 'device', ip);
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
    this.hot.clearIps.run(type, id);
    const key = entityKey(type, id);
    for (const ip of this.ipsOf.get(key) ?? []) {
      const ref = this.byIp.get(ip);
      if (ref?.type === type && ref.id === id) this.byIp.delete(ip);
    }
    this.ipsOf.delete(key);
    for (const raw of ips) {
      const ip = canonicalIp(raw.trim());
      if (!ip) throw new Error(`${type} ${id}: '${raw}' is not an IP address`);
      const owner = this.byIp.get(ip);
      // An imported entity claims a discovered device's address: the discovered row gives way to it.
      if (owner?.type === 'device' && owner.id !== id && this.discovered.has(owner.id)) this.claim(owner.id, type, id, ip);
      this.hot.addIp.run(ip, type, id);
      this.bindIp(ip, type, id);
    }
  }

  private bindIp(ip: string, type: EntityType, id: string): void {
    this.byIp.set(ip, { type, id });
    const key = entityKey(type, id);
    const ips = this.ipsOf.get(key);
    if (ips === undefined) this.ipsOf.set(key, [ip]);
    else ips.push(ip);
  }

  /** Upserts validated records. Call inside a transaction (with its audit entry). */
  upsertDevice(d: DeviceRecord): void {
    this.discovered.delete(d.device_id);
    this.byName.clear();
    this.hot.upsertDevice.run({
      device_id: d.device_id, device_type: d.device_type, name: d.name ?? null, manufacturer: d.manufacturer ?? null, model: d.model ?? null,
      firmware_version: d.firmware_version ?? null, firmware_status: d.firmware_status, enrolled_at: ms(d.enrolled_at), trust_level: d.trust_level,
      cert_expires_at: ms(d.cert_expires_at), site: d.site ?? null, owner: d.owner ?? null, last_seen: ms(d.last_seen), updated_at: this.clock.now(),
    });
    this.setIps('device', d.device_id, d.ip_addresses);
  }

  upsertUser(u: UserRecord): void {
    this.hot.upsertUser.run({
      user_id: u.user_id, display_name: u.display_name ?? null, mfa_enrolled: u.mfa_enrolled ? 1 : 0, groups: JSON.stringify(u.groups),
      enabled: u.enabled ? 1 : 0, home_country: u.home_country ?? null, updated_at: this.clock.now(),
    });
  }

  upsertWorkload(w: WorkloadRecord): void {
    this.hot.upsertWorkload.run({
      workload_id: w.workload_id, kind: w.kind, name: w.name ?? null, image: w.image ?? null, runtime: w.runtime ?? null, owner: w.owner ?? null, updated_at: this.clock.now(),
    });
    this.setIps('workload', w.workload_id, w.ip_addresses);
  }

  private claim(from: string, type: 'device' | 'workload', to: string, ip: string): void {
    this.hot.clearIps.run('device', from);
    this.hot.dropDiscovered.run(from);
    this.discovered.delete(from);
    this.byIp.delete(ip);
    this.ipsOf.delete(entityKey('device', from));
    this.claimed.push({ from, to: { type, id: to }, ip });
  }

  /** Records activity seen in telemetry (last_seen only moves forward). */
  touch(ref: EntityRef, ts: number): void {
    const stmt = ref.type === 'device' ? this.hot.touchDevice : ref.type === 'workload' ? this.hot.touchWorkload : this.hot.touchUser;
    stmt.run(ts, ref.id, ts);
  }

  /** Logins this process has written to user_devices (each adds one to the table's total: loginTotal). */
  ownLogins = 0;

  /** A user authenticated on a device: this is how the devices a user is active on are known. */
  recordUserDevice(userId: string, deviceId: string, ts: number): void {
    this.hot.userDevice.run(userId, deviceId, ts, ts);
    this.ownLogins++;
  }

  /** Every login user_devices counts: it moves by one with each login any process records. */
  loginTotal(): number {
    return this.runner.value<number>(sql`SELECT COALESCE(SUM(logins), 0) FROM user_devices`, 'inventory.loginTotal') ?? 0;
  }

  exists(type: EntityType, id: string): boolean {
    const { table, id: col } = TABLE[type];
    return this.runner.value<number>(sql`SELECT 1 FROM ${table} WHERE ${col} = ${id}`, `inventory.${type}.exists`) === 1;
  }

  /** Every id of a kind (devices optionally of one device_type), sorted: for counting who a policy reaches. */
  ids(type: EntityType, deviceType?: string): string[] {
    const { table, id } = TABLE[type];
    const where = sql.where([type === 'device' && deviceType !== undefined && sql`device_type = ${deviceType}`]);
    return this.runner.column<string>(sql`SELECT ${id} FROM ${table} ${where} ORDER BY ${id}`, `inventory.${type}.ids`);
  }

  /** The display names of these entities (device and workload name, user display name), null where none is set; ids bound as one JSON array. */
  names(type: EntityType, ids: readonly string[]): Map<string, string | null> {
    const { table, id, name } = TABLE[type];
    const rows = this.runner.all<{ id: string; name: string | null }>(sql`SELECT ${id} AS id, ${name} AS name FROM ${table} WHERE ${id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, `inventory.${type}.names`);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** How many entities of a kind are stored (discovered devices included). */
  count(type: EntityType): number {
    const { table } = TABLE[type];
    return this.runner.value<number>(sql`SELECT COUNT(*) FROM ${table}`, `inventory.${type}.count`)!;
  }

  /** Discovered (unmanaged) devices stored. */
  discoveredCount(): number {
    return this.runner.value<number>(sql`SELECT COUNT(*) FROM devices WHERE discovered_at IS NOT NULL`, 'inventory.discoveredCount')!;
  }

  /** Changes whenever a device is added, removed or updated (by any process): its count and latest update. */
  deviceChangeMark(): string {
    return this.runner.value<string>(sql`SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) FROM devices`, 'inventory.deviceChangeMark')!;
  }

  /** The same mark for devices, users and workloads, read as one snapshot. */
  changeMark(): string {
    return this.runner.value<string>(sql`SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) FROM devices) || '/' || (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) FROM users)
      || '/' || (SELECT COUNT(*) || ':' || COALESCE(MAX(updated_at), 0) FROM workloads)`, 'inventory.changeMark')!;
  }

  /** When an entity's inventory record last changed; undefined when it is not stored. */
  updatedAt(type: EntityType, id: string): number | undefined {
    const { table, id: col } = TABLE[type];
    return this.runner.value<number>(sql`SELECT updated_at FROM ${table} WHERE ${col} = ${id}`, `inventory.${type}.updatedAt`);
  }

  /** What detectors compare one device against; undefined for a device not stored. */
  deviceFacts(id: string): DeviceFacts | undefined {
    return this.runner.get<DeviceFacts>(sql`SELECT manufacturer, model, firmware_version, firmware_status, device_type, site FROM devices WHERE device_id = ${id}`, 'inventory.deviceFacts');
  }

  /** Every stored device's firmware facts. */
  allFirmwareFacts(): (FirmwareFacts & { device_id: string })[] {
    return this.runner.all(sql`SELECT device_id, manufacturer, model, firmware_version, firmware_status, device_type FROM devices`, 'inventory.allFirmwareFacts');
  }

  /** The inventory side of these entities' posture (ids not stored are left out); the ids are bound as one JSON array. */
  postureFacts<T extends EntityType>(type: T, ids: readonly string[]): PostureFacts[T][] {
    const list = JSON.stringify(ids);
    const q = type === 'device'
      ? sql`SELECT device_id AS id, trust_level, enrolled_at, cert_expires_at, firmware_status, firmware_version FROM devices WHERE device_id IN (SELECT value FROM json_each(${list}))`
      : type === 'user'
        ? sql`SELECT user_id AS id, mfa_enrolled, enabled FROM users WHERE user_id IN (SELECT value FROM json_each(${list}))`
        : sql`SELECT workload_id AS id FROM workloads WHERE workload_id IN (SELECT value FROM json_each(${list}))`;
    return this.runner.all<PostureFacts[T]>(q, `inventory.${type}.postureFacts`);
  }

  /** Devices by the states compliance checks ask about, counted in one scan (fleet-states.ts). */
  deviceStates(now: number, w: StateWindows): DeviceStates {
    return deviceStates(this.runner, now, w);
  }

  workloadStates(now: number, w: StateWindows): { total: number; silent: Sample } {
    return workloadStates(this.runner, now, w);
  }

  userStates(w: StateWindows): { enabled: number; withoutMfa: Sample } {
    return userStates(this.runner, w);
  }

  /** Every user-on-device login record. */
  userDeviceLinks(): UserDeviceLink[] {
    return this.runner.all<UserDeviceLink>(sql`SELECT user_id, device_id, first_seen, last_seen FROM user_devices`, 'inventory.userDeviceLinks');
  }

  /** The devices a user has logged in on, the latest first. */
  devicesOfUser(userId: string): string[] {
    return this.runner.column<string>(sql`SELECT device_id FROM user_devices WHERE user_id = ${userId} ORDER BY last_seen DESC, device_id`, 'inventory.devicesOfUser');
  }

  /** The users who logged in on any of these devices at or after `since`. */
  usersActiveOn(deviceIds: readonly string[], since: number): string[] {
    return this.runner.column<string>(sql`SELECT DISTINCT user_id FROM user_devices WHERE device_id IN (SELECT value FROM json_each(${JSON.stringify(deviceIds)})) AND last_seen >= ${since}`, 'inventory.usersActiveOn');
  }

  /** The devices each of these users logged in on at or after `since`, by user then device. */
  activeDevicesOf(userIds: readonly string[], since: number): { user_id: string; device_id: string }[] {
    return this.runner.all(sql`SELECT user_id, device_id FROM user_devices WHERE user_id IN (SELECT value FROM json_each(${JSON.stringify(userIds)})) AND last_seen >= ${since}
      ORDER BY user_id, device_id`, 'inventory.activeDevicesOf');
  }

  listDevices(q: ListQuery & { device_type?: string; firmware_status?: string; trust_level?: string; discovered?: boolean }): { devices: Device[]; total: number } {
    const s = q.search ? likePattern(q.search) : undefined;
    const where = sql.where([
      q.discovered !== undefined && (q.discovered ? sql`d.discovered_at IS NOT NULL` : sql`d.discovered_at IS NULL`),
      !!q.device_type && sql`d.device_type = ${q.device_type}`,
      !!q.firmware_status && sql`d.firmware_status = ${q.firmware_status}`,
      !!q.trust_level && sql`d.trust_level = ${q.trust_level}`,
      s !== undefined && sql`d.device_id LIKE ${s} ${LIKE} OR d.name LIKE ${s} ${LIKE} OR d.model LIKE ${s} ${LIKE} OR d.manufacturer LIKE ${s} ${LIKE}
        OR EXISTS (SELECT 1 FROM entity_ips e WHERE e.entity_type = 'device' AND e.entity_id = d.device_id AND e.ip LIKE ${s} ${LIKE})`,
    ]);
    const total = this.runner.value<number>(sql`SELECT COUNT(*) FROM devices d ${where}`, 'devices.count')!;
    const rows = this.runner.all<DeviceRow>(sql`SELECT d.*, ${DEVICE_IPS} FROM devices d ${where} ORDER BY d.device_id LIMIT ${q.limit} OFFSET ${q.offset}`, 'devices.list');
    return { devices: rows.map(toDevice), total };
  }

  getDevice(id: string): Device | undefined {
    const row = this.runner.get<DeviceRow>(sql`SELECT d.*, ${DEVICE_IPS} FROM devices d WHERE device_id = ${id}`, 'devices.get');
    return row && toDevice(row);
  }

  listUsers(q: ListQuery & { mfa_enrolled?: boolean }): { users: User[]; total: number } {
    const s = q.search ? likePattern(q.search) : undefined;
    const where = sql.where([
      q.mfa_enrolled !== undefined && sql`u.mfa_enrolled = ${q.mfa_enrolled ? 1 : 0}`,
      s !== undefined && sql`u.user_id LIKE ${s} ${LIKE} OR u.display_name LIKE ${s} ${LIKE}`,
    ]);
    const total = this.runner.value<number>(sql`SELECT COUNT(*) FROM users u ${where}`, 'users.count')!;
    const rows = this.runner.all<UserRow>(sql`SELECT u.*, ${USER_DEVICES} FROM users u ${where} ORDER BY u.user_id LIMIT ${q.limit} OFFSET ${q.offset}`, 'users.list');
    return { users: rows.map(toUser), total };
  }

  getUser(id: string): User | undefined {
    const row = this.runner.get<UserRow>(sql`SELECT u.*, ${USER_DEVICES} FROM users u WHERE user_id = ${id}`, 'users.get');
    return row && toUser(row);
  }

  listWorkloads(q: ListQuery & { kind?: string }): { workloads: Workload[]; total: number } {
    const s = q.search ? likePattern(q.search) : undefined;
    const where = sql.where([
      !!q.kind && sql`w.kind = ${q.kind}`,
      s !== undefined && sql`w.workload_id LIKE ${s} ${LIKE} OR w.name LIKE ${s} ${LIKE} OR w.image LIKE ${s} ${LIKE}`,
    ]);
    const total = this.runner.value<number>(sql`SELECT COUNT(*) FROM workloads w ${where}`, 'workloads.count')!;
    const rows = this.runner.all<WorkloadRow>(sql`SELECT w.*, ${WORKLOAD_IPS} FROM workloads w ${where} ORDER BY w.workload_id LIMIT ${q.limit} OFFSET ${q.offset}`, 'workloads.list');
    return { workloads: rows.map(toWorkload), total };
  }

  getWorkload(id: string): Workload | undefined {
    const row = this.runner.get<WorkloadRow>(sql`SELECT w.*, ${WORKLOAD_IPS} FROM workloads w WHERE workload_id = ${id}`, 'workloads.get');
    return row && toWorkload(row);
  }

  /** Every entity of a kind with the time its record last changed. */
  updatedAts(type: EntityType): { id: string; updated_at: number }[] {
    const { table, id } = TABLE[type];
    return this.runner.all(sql`SELECT ${id} AS id, updated_at FROM ${table}`, `inventory.${type}.updatedAts`);
  }
}
