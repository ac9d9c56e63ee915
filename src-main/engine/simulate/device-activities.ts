// What each kind of simulated device does in an hour: cameras stream to their NVR and check in with the vendor
// cloud, sensors report to the BMS, people's machines browse, sign in and run programs in office hours.
import type { DeviceType } from '@shared/domain/enums';
import { BACKGROUND, DOWNLOAD_EXTENSIONS, DOWNLOAD_NAMES, PROCESSES, SAAS } from './catalog';
import { auth, binaryHash, dns, fileEvent, firmwareReport, flow, heartbeat, processEvent, type Emitter } from './event-builders';
import type { SimDevice, SimUser } from './fleet';
import { externalIp, infraIp } from './network-plan';
import { curves, type Activity, type HourContext } from './schedule';

/** A device as the activities see it: its inventory facts plus the live state the simulation controls. */
export interface DeviceActor {
  d: SimDevice;
  e: Emitter;
  /** Firmware the device reports at a moment (an attack may roll it back). */
  firmwareAt(ts: number): string;
  /** Users who sign in here and are enabled. */
  people: SimUser[];
}

type A = Activity<DeviceActor>;

const session = (a: DeviceActor, ts: number, x: HourContext, domain: string, flows: number, port = 443) => {
  const ip = externalIp(domain);
  x.push(dns(a.e, ts, x.rng, domain, ip));
  let t = ts + x.rng.int(2, 40);
  for (let i = 0; i < flows; i++) {
    x.push(flow(a.e, t, x.rng, { dst: ip, port, out: x.rng.logNormal(2400, 0.9), in: x.rng.logNormal(38_000, 1.3), ms: x.rng.int(60, 25_000) }));
    t += x.rng.int(30, 1500);
  }
};

const user = (a: DeviceActor, x: HourContext) => (a.people.length === 0 ? undefined : a.people.length === 1 || x.rng.chance(0.85) ? a.people[0] : x.rng.pick(a.people));

const hb: A = { name: 'heartbeat', mode: 'periodic', perHour: 4, events: 1, run: (a, ts, x) => x.push(heartbeat(a.e, ts)) };
const fwEvery = (hours: number): A => ({
  name: 'firmware', mode: 'periodic', perHour: 1 / hours, events: 1, fixed: true,
  run: (a, ts, x) => x.push(firmwareReport(a.e, ts, a.firmwareAt(ts), a.d.spec.manufacturer, a.d.spec.model)),
});
const ntp: A = { name: 'ntp', mode: 'periodic', perHour: 1, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: infraIp.resolver, port: 123, proto: 'udp', out: 90, in: 90, ms: 3 })) };
const syslog = (perHour: number): A => ({
  name: 'syslog', mode: 'periodic', perHour, events: 1,
  run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: infraIp.syslog, port: 514, proto: 'udp', out: x.rng.int(200, 4000), in: 0, ms: 0, state: 'S0' })),
});
const vendorCloud = (perHour: number): A => ({
  name: 'vendor-cloud', mode: 'periodic', perHour, events: 2, when: (a) => Boolean(a.d.spec.cloud),
  run: (a, ts, x) => session(a, ts, x, a.d.spec.cloud!, 1),
});

const camera: A[] = [
  // Video segments to the site NVR (the spec's camera talks to 10.0.2.5) and a management check-in with the vendor cloud.
  { name: 'nvr-stream', mode: 'periodic', perHour: 4, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: a.d.nvr, port: 554, out: x.rng.logNormal(420_000_000, 0.15), in: x.rng.int(30_000, 60_000), ms: 900_000 })) },
  vendorCloud(2), ntp, hb, fwEvery(6),
];

const hvac: A[] = [
  { name: 'bacnet', mode: 'periodic', perHour: 12, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: a.d.bms, port: 47808, proto: 'udp', out: x.rng.int(60, 240), in: x.rng.int(60, 120), ms: x.rng.int(2, 40) })) },
  hb, fwEvery(6),
];

const environmental: A[] = [
  { name: 'mqtt', mode: 'periodic', perHour: 12, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: a.d.bms, port: 8883, out: x.rng.int(300, 900), in: x.rng.int(80, 200), ms: x.rng.int(10, 120) })) },
  hb, fwEvery(6),
];

const badge: A[] = [
  { name: 'pacs-keepalive', mode: 'periodic', perHour: 6, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: a.d.pacs, port: 3001, out: 120, in: 120, ms: x.rng.int(2, 20) })) },
  { name: 'swipe', mode: 'poisson', perHour: 20, curve: curves.office, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: a.d.pacs, port: 3001, out: x.rng.int(300, 600), in: x.rng.int(200, 400), ms: x.rng.int(20, 200) })) },
  hb, fwEvery(6),
];

const printer: A[] = [syslog(2), vendorCloud(1), hb, fwEvery(6)];
const network: A[] = [syslog(6), vendorCloud(1), ntp, hb, fwEvery(6)];

const phone: A[] = [
  { name: 'sip-register', mode: 'periodic', perHour: 2, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: infraIp.pbx, port: 5060, proto: 'udp', out: x.rng.int(600, 900), in: x.rng.int(400, 700), ms: x.rng.int(10, 60) })) },
  {
    name: 'call', mode: 'poisson', perHour: 2, curve: curves.office, events: 2,
    run: (a, ts, x) => {
      const secs = x.rng.int(30, 1800);
      x.push(flow(a.e, ts, x.rng, { dst: infraIp.pbx, port: 5060, proto: 'udp', out: 1800, in: 1500, ms: 300 }));
      x.push(flow(a.e, ts + 400, x.rng, { dst: infraIp.pbx, port: x.rng.int(8192, 16383) * 2, proto: 'udp', out: secs * 8000, in: secs * 8000, ms: secs * 1000 }));
    },
  },
  vendorCloud(0.25), hb, fwEvery(6),
];

/** People's machines: a flat background (agent, updates, time) plus office-hours work. */
const personal = (curve: typeof curves.office, saml: boolean): A[] => [
  hb, ntp, fwEvery(24),
  { name: 'updates', mode: 'periodic', perHour: 1, events: 2, run: (a, ts, x) => session(a, ts, x, x.rng.pick(BACKGROUND), 1) },
  {
    name: 'web', mode: 'poisson', perHour: 9, curve, events: 3,
    run: (a, ts, x) => session(a, ts, x, a.d.favourites.length > 0 && !x.rng.chance(0.04) ? x.rng.pick(a.d.favourites) : x.rng.weighted(SAAS), x.rng.int(1, 3)),
  },
  { name: 'smb', mode: 'poisson', perHour: 3, curve, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: infraIp.fileServer, port: 445, out: x.rng.logNormal(20_000, 1.5), in: x.rng.logNormal(400_000, 1.8), ms: x.rng.int(50, 60_000) })) },
  { name: 'kerberos', mode: 'poisson', perHour: 2, curve, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: x.rng.chance(0.5) ? infraIp.resolver : infraIp.dc2, port: 88, out: x.rng.int(1400, 1800), in: x.rng.int(1500, 2200), ms: x.rng.int(2, 30) })) },
  { name: 'print', mode: 'poisson', perHour: 0.3, curve, events: 1, run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: infraIp.printServer, port: 445, out: x.rng.logNormal(300_000, 1), in: 2000, ms: x.rng.int(200, 5000) })) },
  {
    name: 'sign-in', mode: 'poisson', perHour: 0.5, curve, events: 1.05, when: (a) => a.people.length > 0,
    run: (a, ts, x) => {
      const u = user(a, x)!;
      const method = saml && x.rng.chance(0.4) ? (u.record.mfa_enrolled ? 'saml+mfa_push' : 'saml') : 'kerberos';
      // People mistype their password now and then; the retry follows seconds later.
      if (x.rng.chance(0.05)) x.push(auth(a.e, ts, u.record.user_id, 'failure', method, u.record.home_country));
      x.push(auth(a.e, ts + x.rng.int(3000, 12_000), u.record.user_id, 'success', method, u.record.home_country));
    },
  },
  {
    name: 'process', mode: 'poisson', perHour: 4, curve, events: 1,
    run: (a, ts, x) => {
      const [name, path] = x.rng.weighted(PROCESSES.map(([n, p, w]) => [[n, p], w] as const));
      const u = user(a, x);
      x.push(processEvent(a.e, ts, u?.record.user_id, name, path.replace('%USER%', u ? u.record.user_id.split('@')[0] : 'admin'), binaryHash(name)));
    },
  },
  {
    name: 'download', mode: 'poisson', perHour: 1, curve, events: 1,
    run: (a, ts, x) => {
      const u = user(a, x);
      const file = `${x.rng.pick(DOWNLOAD_NAMES)}_${x.rng.int(1000, 9999)}.${x.rng.pick(DOWNLOAD_EXTENSIONS)}`;
      x.push(fileEvent(a.e, ts, u?.record.user_id, `C:\\Users\\${u ? u.record.user_id.split('@')[0] : 'Public'}\\Downloads\\${file}`, x.rng.hex(64)));
    },
  },
];

const server: A[] = [
  hb, ntp, syslog(4), fwEvery(6),
  { name: 'updates', mode: 'periodic', perHour: 1, events: 2, run: (a, ts, x) => session(a, ts, x, 'update.microsoft.com', 1) },
  { name: 'dc-replication', mode: 'periodic', perHour: 4, events: 1, when: (a) => a.d.role === 'dc', run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: a.e.ip === infraIp.resolver ? infraIp.dc2 : infraIp.resolver, port: 389, out: x.rng.int(2000, 60_000), in: x.rng.int(2000, 60_000), ms: x.rng.int(10, 500) })) },
  { name: 'backup', mode: 'poisson', perHour: 3, curve: curves.night, events: 1, when: (a) => a.d.role !== 'backup', run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: infraIp.backup, port: 10_000, out: x.rng.logNormal(2_000_000_000, 0.8), in: x.rng.int(20_000, 200_000), ms: x.rng.int(60_000, 1_800_000) })) },
];

export const DEVICE_ACTIVITIES: Record<DeviceType, readonly A[]> = {
  ip_camera: camera, hvac_sensor: hvac, environmental_sensor: environmental, badge_reader: badge, printer,
  workstation: personal(curves.office, false), laptop: personal(curves.laptop, true), server, network_switch: network,
  access_point: network, phone, other: [hb, fwEvery(6)],
};
