// generateFleet: a deterministic, realistic demo fleet (devices, users, workloads) for a seed.
import type { DeviceType } from '@shared/domain/enums';
import type { DeviceRecord, UserRecord, WorkloadRecord } from '@shared/domain/inventory';
import { DEPARTMENT_WEIGHTS, FIRST_NAMES, HOME_COUNTRIES, LAST_NAMES, MODELS, SAAS, type Department, type ModelSpec } from './catalog';
import { DATACENTER, infraIp, IpAllocator, SITES, type Segment, type Site } from './network-plan';
import { displayName, EMAIL_DOMAIN, ID_PREFIX, NameRegistry, personalSuffix, placement, TYPE_LABEL, userPrincipal } from './naming';
import { Rng, seedFrom } from './prng';
import { deviceLifecycle } from './lifecycle';
import { generateWorkloads, type SimWorkload } from './workloads';

type InfraRole = 'dc' | 'file' | 'print' | 'syslog' | 'vpn' | 'backup' | 'pbx' | 'nvr' | 'pacs' | 'bms' | 'app';

export interface SimDevice {
  index: number;
  record: DeviceRecord;
  type: DeviceType;
  ip: string;
  site: string;
  spec: ModelSpec;
  role?: InfraRole;
  /** UPNs that sign in here, owner first. */
  users: string[];
  /** Agent-equipped devices report their own id; IoT traffic is seen by a network sensor and attributed by IP. */
  agent: boolean;
  /** The business sites this device's user visits day to day (a stable baseline). */
  favourites: string[];
  /** Site services this device talks to. */
  nvr: string;
  pacs: string;
  bms: string;
}

export interface SimUser { record: UserRecord; department: Department; devices: string[] }

export interface Fleet {
  seed: number;
  devices: SimDevice[];
  users: SimUser[];
  workloads: SimWorkload[];
}

export interface FleetOptions {
  seed: number;
  devices: number;
  /** Default: 45% of the device count. */
  users?: number;
  /** Default: one per six devices. */
  workloads?: number;
  /** Enrolment dates and certificate expiries are drawn relative to this instant (the end of the simulated window). */
  reference: number;
}

export const MIN_DEVICES = 20;
export const defaultUsers = (devices: number) => Math.max(1, Math.round(devices * 0.45));
export const defaultWorkloads = (devices: number) => Math.max(4, Math.round(devices / 6));

/** Share of the non-server devices, with the minimum each fleet needs (attack victims among them). */
const MIX: readonly (readonly [DeviceType, number, number])[] = [
  ['workstation', 28, 3], ['laptop', 20, 1], ['ip_camera', 14, 3], ['hvac_sensor', 6, 1], ['environmental_sensor', 5, 1],
  ['badge_reader', 5, 0], ['printer', 5, 0], ['network_switch', 4, 0], ['access_point', 4, 0], ['phone', 3, 0],
];
/** Servers are about 6% of a fleet: the infrastructure first, application servers for the rest. */
const SERVER_SHARE = 0.06;

const SEGMENT: Record<DeviceType, Segment> = {
  ip_camera: 'security', badge_reader: 'security', hvac_sensor: 'building', environmental_sensor: 'building', printer: 'printers',
  workstation: 'users', laptop: 'users', phone: 'phones', server: 'servers', network_switch: 'network', access_point: 'network', other: 'users',
};

function activeSites(devices: number): Site[] {
  return devices >= 150 ? [...SITES] : devices >= 60 ? SITES.slice(0, 2) : SITES.slice(0, 1);
}

function infrastructure(sites: Site[]): { role: InfraRole; name: string; ip: string; site: Site }[] {
  const core: [InfraRole, string, string][] = [
    ['dc', 'dc01', infraIp.resolver], ['dc', 'dc02', infraIp.dc2], ['file', 'file01', infraIp.fileServer], ['print', 'print01', infraIp.printServer],
    ['syslog', 'syslog01', infraIp.syslog], ['vpn', 'vpn01', infraIp.vpnGateway], ['backup', 'backup01', infraIp.backup], ['pbx', 'pbx01', infraIp.pbx],
  ];
  const perSite = sites.flatMap((s) => ([['nvr', infraIp.nvr(s)], ['pacs', infraIp.pacs(s)], ['bms', infraIp.bms(s)]] as [InfraRole, string][]).map(([role, ip]) => ({ role, name: `${role}_${s.key}`, ip, site: s })));
  return [...core.map(([role, name, ip]) => ({ role, name, ip, site: DATACENTER })), ...perSite];
}

/** How many devices of each type: largest remainder over MIX, minimums first. */
function composition(total: number): Map<DeviceType, number> {
  const counts = new Map<DeviceType, number>(MIX.map(([t, , min]) => [t, min]));
  const free = total - MIX.reduce((a, [, , min]) => a + min, 0);
  const weightSum = MIX.reduce((a, [, w]) => a + w, 0);
  const shares = MIX.map(([t, w]) => ({ t, exact: (free * w) / weightSum }));
  let given = 0;
  for (const s of shares) { const n = Math.floor(s.exact); counts.set(s.t, counts.get(s.t)! + n); given += n; }
  for (const s of shares.sort((a, b) => (b.exact % 1) - (a.exact % 1) || a.t.localeCompare(b.t)).slice(0, free - given)) counts.set(s.t, counts.get(s.t)! + 1);
  return counts;
}

function generateUsers(rng: Rng, count: number): SimUser[] {
  const taken = new NameRegistry();
  const users: SimUser[] = [];
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const department = rng.weighted(DEPARTMENT_WEIGHTS);
    const groups = ['all-staff', `dept-${department}`];
    if (department === 'it' && rng.chance(0.5)) groups.push('it-admins');
    if (department === 'finance' && rng.chance(0.4)) groups.push('finance-approvers');
    if (rng.chance(0.1)) groups.push('project-atlas');
    users.push({
      record: {
        user_id: userPrincipal(first, last, taken), display_name: displayName(first, last), mfa_enrolled: rng.chance(0.92), groups,
        enabled: rng.chance(0.98), home_country: rng.weighted(HOME_COUNTRIES),
      },
      department,
      devices: [],
    });
  }
  return users;
}

export function generateFleet(opts: FleetOptions): Fleet {
  if (!Number.isInteger(opts.devices) || opts.devices < MIN_DEVICES) throw new Error(`a simulated fleet needs at least ${MIN_DEVICES} devices, got ${opts.devices}`);
  const rng = new Rng(seedFrom('fleet', opts.seed));
  const users = generateUsers(rng, opts.users ?? defaultUsers(opts.devices));
  const sites = activeSites(opts.devices);
  const ips = new IpAllocator();
  const names = new NameRegistry();
  const devices: SimDevice[] = [];
  const siteByKey = new Map(sites.map((s) => [s.key, s]));
  const service = (site: Site, role: 'nvr' | 'pacs' | 'bms') => infraIp[role](siteByKey.get(site.key) ?? sites[0]);

  const add = (type: DeviceType, site: Site, ip: string, id: string, name: string, extra: Partial<SimDevice> & { owner?: string }) => {
    const spec = rng.pick(MODELS[type]);
    const life = deviceLifecycle(rng, spec, opts.reference);
    const home = site === DATACENTER ? sites[0] : site;
    const record: DeviceRecord = {
      device_id: id, device_type: type, name, manufacturer: spec.manufacturer, model: spec.model, firmware_version: life.firmware_version,
      firmware_status: life.firmware_status, ip_addresses: [ip], enrolled_at: life.enrolled_at, trust_level: life.trust_level,
      cert_expires_at: life.cert_expires_at, site: site.key, owner: extra.owner,
    };
    if (!record.cert_expires_at) delete record.cert_expires_at;
    if (!record.owner) delete record.owner;
    devices.push({
      index: devices.length, record, type, ip, site: site.key, spec, role: extra.role, users: extra.users ?? [], favourites: extra.favourites ?? [],
      agent: type === 'workstation' || type === 'laptop' || type === 'server', nvr: service(home, 'nvr'), pacs: service(home, 'pacs'), bms: service(home, 'bms'),
    });
  };

  const infra = infrastructure(sites);
  for (const i of infra) add('server', i.site, i.ip, names.claim(`dev_server_${i.name}`), `${i.role.toUpperCase()} server ${i.name}`, { role: i.role, owner: `it-ops@${EMAIL_DOMAIN}` });

  const appServers = Math.max(0, Math.round(opts.devices * SERVER_SHARE) - infra.length);
  const counts = composition(opts.devices - infra.length - appServers);
  counts.set('server', appServers);
  const pickSite = () => rng.weighted(sites.map((s) => [s, s.share] as const));
  let personal = 0;
  for (const [type, n] of counts) {
    for (let k = 0; k < n; k++) {
      if (type === 'server') {
        add(type, DATACENTER, ips.allocate(DATACENTER, 'servers'), names.claim(`dev_server_app${String(k + 1).padStart(2, '0')}`), `Application server ${k + 1}`, { role: 'app', owner: `it-ops@${EMAIL_DOMAIN}` });
        continue;
      }
      const site = pickSite();
      const floor = rng.int(1, site.floors);
      if (type === 'workstation' || type === 'laptop' || type === 'phone') {
        const owner = users[personal++ % users.length];
        const id = names.claim(`${ID_PREFIX[type]}_${personalSuffix(owner.record.user_id)}`);
        const favourites = [...new Set(Array.from({ length: rng.int(8, 14) }, () => rng.weighted(SAAS)))];
        add(type, site, ips.allocate(site, SEGMENT[type], floor), id, `${owner.record.display_name}'s ${TYPE_LABEL[type].toLowerCase()}`, { users: [owner.record.user_id], owner: owner.record.user_id, favourites });
        owner.devices.push(id);
        continue;
      }
      // Another spot on the same floor before falling back to a _2 suffix: ids stay readable.
      let where = placement(type, site, floor, rng);
      for (let tries = 0; tries < 6 && names.has(`${ID_PREFIX[type]}_${where.slug}`); tries++) where = placement(type, site, floor, rng);
      const team = type === 'ip_camera' || type === 'badge_reader' ? 'security-ops' : type === 'network_switch' || type === 'access_point' || type === 'printer' ? 'it-ops' : 'facilities';
      add(type, site, ips.allocate(site, SEGMENT[type], floor), names.claim(`${ID_PREFIX[type]}_${where.slug}`), `${TYPE_LABEL[type]} ${where.label}`, { owner: `${team}@${EMAIL_DOMAIN}` });
    }
  }

  // More people than personal devices: the extra users share desks (shift work), so every user signs in somewhere.
  const desks = devices.filter((d) => d.type === 'workstation' || d.type === 'laptop');
  for (const u of users) {
    if (u.devices.length > 0 || desks.length === 0) continue;
    const desk = rng.pick(desks);
    desk.users.push(u.record.user_id);
    u.devices.push(desk.record.device_id);
  }
  const workloads = generateWorkloads(new Rng(seedFrom('workloads', opts.seed)), opts.workloads ?? defaultWorkloads(opts.devices), ips);
  return { seed: opts.seed, devices, users, workloads };
}

/** The fleet as inventory records (the JSON `threatmatic inventory import` reads). */
export function fleetInventory(fleet: Fleet): { devices: DeviceRecord[]; users: UserRecord[]; workloads: WorkloadRecord[] } {
  return { devices: fleet.devices.map((d) => d.record), users: fleet.users.map((u) => u.record), workloads: fleet.workloads.map((w) => w.record) };
}
