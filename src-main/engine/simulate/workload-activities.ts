// What simulated workloads do in an hour: call their data stores and external APIs, busier in business hours.
import { dns, flow, heartbeat, type Emitter } from './event-builders';
import { externalIp } from './network-plan';
import { curves, type Activity } from './schedule';
import type { SimWorkload } from './workloads';

export interface WorkloadActor { w: SimWorkload; e: Emitter }

type A = Activity<WorkloadActor>;

export const WORKLOAD_ACTIVITIES: readonly A[] = [
  { name: 'heartbeat', mode: 'periodic', perHour: 4, events: 1, run: (a, ts, x) => x.push(heartbeat(a.e, ts)) },
  {
    name: 'peer-call', mode: 'poisson', perHour: 8, curve: curves.business, events: 1, when: (a) => a.w.peers.length > 0,
    run: (a, ts, x) => {
      const p = x.rng.pick(a.w.peers);
      x.push(flow(a.e, ts, x.rng, { dst: p.ip, port: p.port, out: x.rng.logNormal(1500, 1), in: x.rng.logNormal(12_000, 1.4), ms: x.rng.int(1, 400) }));
    },
  },
  {
    name: 'external-api', mode: 'poisson', perHour: 3, curve: curves.business, events: 2, when: (a) => a.w.externals.length > 0 && a.w.kind !== 'cloud_function',
    run: (a, ts, x) => {
      const domain = x.rng.pick(a.w.externals);
      const ip = externalIp(domain);
      x.push(dns(a.e, ts, x.rng, domain, ip));
      x.push(flow(a.e, ts + x.rng.int(2, 30), x.rng, { dst: ip, port: 443, out: x.rng.logNormal(4000, 1), in: x.rng.logNormal(30_000, 1.2), ms: x.rng.int(40, 3000) }));
    },
  },
  {
    // Cloud functions resolve through the provider, which reports only the connection.
    name: 'function-call', mode: 'poisson', perHour: 4, curve: curves.business, events: 1, when: (a) => a.w.externals.length > 0 && a.w.kind === 'cloud_function',
    run: (a, ts, x) => x.push(flow(a.e, ts, x.rng, { dst: externalIp(x.rng.pick(a.w.externals)), port: 443, out: x.rng.logNormal(4000, 1), in: x.rng.logNormal(30_000, 1.2), ms: x.rng.int(40, 3000) })),
  },
];
