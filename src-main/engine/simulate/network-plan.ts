// The simulated company's network: sites with per-site 10.x subnets, fixed infrastructure addresses, and
// external addresses drawn only from the RFC 5737 documentation ranges (never a real host, never a real feed hit).
import { seedFrom } from './prng';

export interface Site {
  key: string;
  /** Second octet: the site's 10.<octet>.0.0/16. */
  octet: number;
  floors: number;
  /** Share of the end-user and building devices placed here. */
  share: number;
}

export const SITES: readonly Site[] = [
  { key: 'hq', octet: 0, floors: 6, share: 0.58 },
  { key: 'annex', octet: 1, floors: 3, share: 0.27 },
  { key: 'warehouse', octet: 2, floors: 1, share: 0.15 },
];
/** The data centre holds servers and workloads, not people. */
export const DATACENTER: Site = { key: 'dc1', octet: 10, floors: 0, share: 0 };

export type Segment = 'servers' | 'security' | 'building' | 'printers' | 'phones' | 'network' | 'users' | 'workloads';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
/** Third octets of each segment: a home /24 first, overflow /24s after it, so big fleets still fit. */
const SEGMENT_OCTETS: Record<Exclude<Segment, 'users'>, number[]> = {
  servers: [1, ...range(100, 110)],
  security: [2, ...range(20, 40)],
  building: [3, ...range(40, 60)],
  printers: [4, ...range(60, 70)],
  phones: [5, ...range(70, 80)],
  network: [250, ...range(240, 250)],
  workloads: [30, ...range(31, 40), ...range(200, 230)],
};
/** User floors live in 10.<site>.<10+floor>.0/24; overflow goes to 110..199. */
const USER_OVERFLOW = range(110, 200);
const FIRST_HOST = 20;
const LAST_HOST = 250;

/** Hands out unique addresses segment by segment; hosts below .20 are reserved for infrastructure. */
export class IpAllocator {
  private readonly next = new Map<string, { octets: number[]; index: number; host: number }>();

  allocate(site: Site, segment: Segment, floor = 1): string {
    const key = segment === 'users' ? `${site.octet}/users/${floor}` : `${site.octet}/${segment}`;
    let slot = this.next.get(key);
    if (!slot) {
      const octets = segment === 'users' ? [10 + Math.min(floor, 9), ...USER_OVERFLOW.filter((o) => o % 10 === floor % 10)] : SEGMENT_OCTETS[segment];
      slot = { octets, index: 0, host: FIRST_HOST };
      this.next.set(key, slot);
    }
    if (slot.host > LAST_HOST) {
      slot.index++;
      slot.host = FIRST_HOST;
    }
    if (slot.index >= slot.octets.length) throw new Error(`simulated network: segment ${segment} of site ${site.key} is full`);
    return `10.${site.octet}.${slot.octets[slot.index]}.${slot.host++}`;
  }
}

/** Fixed infrastructure addresses, all below .20 (the allocator starts there); the spec's camera talks to its NVR at 10.0.2.5. */
export const infraIp = {
  resolver: '10.10.1.10',
  dc2: '10.10.1.11',
  fileServer: '10.10.1.12',
  printServer: '10.10.1.13',
  syslog: '10.10.1.14',
  vpnGateway: '10.10.1.15',
  backup: '10.10.1.16',
  pbx: '10.10.1.17',
  nvr: (site: Site) => `10.${site.octet}.2.5`,
  pacs: (site: Site) => `10.${site.octet}.2.6`,
  bms: (site: Site) => `10.${site.octet}.3.5`,
};

/** A stable public-looking address for a benign external name, from 192.0.2.0/24 or 198.51.100.0/24. */
export function externalIp(name: string): string {
  const h = seedFrom('ext', name);
  const host = 1 + (h % 254);
  return (h >>> 16) % 2 === 0 ? `192.0.2.${host}` : `198.51.100.${host}`;
}

/** Attacker infrastructure sits in 203.0.113.0/24, which benign destinations never use. */
export function attackerIp(seed: number, purpose: string): string {
  return `203.0.113.${1 + (seedFrom('attacker', seed, purpose) % 254)}`;
}
