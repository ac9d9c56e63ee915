// Names of simulated people and devices in the spec's style: sarah.k@acmecorp.com, dev_camera_floor3_east, dev_sensor_hvac_b2.
import type { DeviceType } from '@shared/domain/enums';
import type { Rng } from './prng';
import type { Site } from './network-plan';

export const EMAIL_DOMAIN = 'acmecorp.com';
const DIRECTIONS = ['north', 'south', 'east', 'west'];

/** Hands out ids, appending _2, _3… when a name is already taken, so every id is unique and readable. */
export class NameRegistry {
  private readonly used = new Set<string>();

  claim(base: string): string {
    let name = base;
    for (let n = 2; this.used.has(name); n++) name = `${base}_${n}`;
    this.used.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.used.has(name);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A unique UPN: first.l, then first.la, … then first.last2, first.last3 (as directories disambiguate). */
export function userPrincipal(first: string, last: string, taken: NameRegistry): string {
  for (let i = 1; ; i++) {
    const local = i <= last.length ? `${first}.${last.slice(0, i)}` : `${first}.${last}${i - last.length + 1}`;
    const candidate = `${local}@${EMAIL_DOMAIN}`;
    if (!taken.has(candidate)) return taken.claim(candidate);
  }
}

export function displayName(first: string, last: string): string {
  return `${cap(first)} ${cap(last)}`;
}

/** The suffix a personal device carries: sarah.k@acmecorp.com → sarah_k. */
export function personalSuffix(upn: string): string {
  return upn.slice(0, upn.indexOf('@')).replace(/[^a-z0-9]+/g, '_');
}

/** Where a fixed device is mounted, as an id fragment and a human label. */
export function placement(type: DeviceType, site: Site, floor: number, rng: Rng): { slug: string; label: string } {
  const dir = rng.pick(DIRECTIONS);
  let slug: string;
  switch (type) {
    case 'ip_camera':
      slug = rng.weighted<string>([
        [`floor${floor}_${dir}`, 60], [`parking_${pad(rng.int(1, 24))}`, 20], [`lobby_${pad(rng.int(1, 4))}`, 8],
        [site.key === 'warehouse' ? `dock_${rng.int(1, 12)}` : `stairwell_${floor}`, 12],
      ]);
      break;
    case 'hvac_sensor':
      slug = rng.weighted<string>([[`floor${floor}_ahu${rng.int(1, 3)}`, 50], [`b${rng.int(1, 2)}`, 30], [`roof_${rng.int(1, 4)}`, 20]]);
      break;
    case 'environmental_sensor':
      slug = rng.weighted<string>([[`floor${floor}_${dir}`, 55], [`serverroom_${rng.int(1, 3)}`, 30], [`b${rng.int(1, 2)}`, 15]]);
      break;
    case 'badge_reader':
      slug = rng.weighted<string>([[`floor${floor}_${dir}`, 60], ['lobby_main', 15], ['parking_gate', 10], [`stairwell_${floor}`, 15]]);
      break;
    case 'printer':
      slug = `floor${floor}_${pad(rng.int(1, 6))}`;
      break;
    case 'network_switch':
      slug = `floor${floor}_idf${rng.int(1, 2)}`;
      break;
    case 'access_point':
      slug = `floor${floor}_${dir}`;
      break;
    default:
      slug = `floor${floor}_${pad(rng.int(1, 40))}`;
  }
  const sitePart = site.key === 'hq' ? '' : `${site.key}_`;
  return { slug: `${sitePart}${slug}`, label: `${site.key.toUpperCase()} ${slug.replace(/_/g, ' ')}` };
}

/** The id prefix of each device type: dev_camera_…, dev_sensor_hvac_…, dev_workstation_…. */
export const ID_PREFIX: Record<DeviceType, string> = {
  ip_camera: 'dev_camera',
  hvac_sensor: 'dev_sensor_hvac',
  environmental_sensor: 'dev_sensor_env',
  badge_reader: 'dev_badge',
  printer: 'dev_printer',
  workstation: 'dev_workstation',
  laptop: 'dev_laptop',
  server: 'dev_server',
  network_switch: 'dev_switch',
  access_point: 'dev_ap',
  phone: 'dev_phone',
  other: 'dev_other',
};

export const TYPE_LABEL: Record<DeviceType, string> = {
  ip_camera: 'Camera', hvac_sensor: 'HVAC sensor', environmental_sensor: 'Environmental sensor', badge_reader: 'Badge reader',
  printer: 'Printer', workstation: 'Workstation', laptop: 'Laptop', server: 'Server', network_switch: 'Switch',
  access_point: 'Access point', phone: 'Desk phone', other: 'Device',
};
