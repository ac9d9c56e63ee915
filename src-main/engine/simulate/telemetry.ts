// generateTelemetry: the fleet's time-ordered TelemetryEvent stream for a window, with the planned attacks woven in.
// Each entity-hour draws from its own seeded stream, so the output is identical for a seed however it is consumed.
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { planAttacks, type AttackPlan } from './attacks/plan';
import type { AttackName } from './attacks/types';
import { DEVICE_ACTIVITIES, type DeviceActor } from './device-activities';
import { deviceEmitter } from './event-builders';
import type { Fleet } from './fleet';
import { Rng, seedFrom } from './prng';
import { expectedPerHour, HOUR, runActivities, type HourContext } from './schedule';
import { WORKLOAD_ACTIVITIES, type WorkloadActor } from './workload-activities';

export interface TelemetryOptions {
  seed: number;
  /** Epoch ms of the first hour (a whole hour). */
  start: number;
  hours: number;
  /** Target average events per device-hour over the window (workload traffic included in the budget). */
  eventsPerDeviceHour: number;
  attacks: readonly AttackName[];
  /** A plan already made for this fleet and these options (runSimulation shares one); planned here otherwise. */
  plan?: AttackPlan;
}

function deviceActors(fleet: Fleet, plan: AttackPlan): DeviceActor[] {
  const users = new Map(fleet.users.map((u) => [u.record.user_id, u]));
  return fleet.devices.map((d) => {
    const rollback = plan.rollbacks.get(d.record.device_id);
    const base = d.record.firmware_version ?? 'unknown';
    return {
      d,
      e: deviceEmitter(d),
      firmwareAt: rollback ? (ts: number) => (ts >= rollback.at ? rollback.version : base) : () => base,
      people: d.users.map((id) => users.get(id)!).filter((u) => u.record.enabled),
    };
  });
}

function workloadActors(fleet: Fleet): WorkloadActor[] {
  return fleet.workloads.map((w) => ({ w, e: { ip: w.egress, workload_id: w.record.workload_id, agent: true } }));
}

/** The rate multiplier that makes the fleet average `eventsPerDeviceHour`: expected volume is known per activity. */
function calibrate(devices: DeviceActor[], workloads: WorkloadActor[], eventsPerDeviceHour: number): number {
  let scaled = 0;
  let fixed = 0;
  for (const a of devices) { const x = expectedPerHour(a, DEVICE_ACTIVITIES[a.d.type]); scaled += x.scaled; fixed += x.fixed; }
  for (const a of workloads) { const x = expectedPerHour(a, WORKLOAD_ACTIVITIES); scaled += x.scaled; fixed += x.fixed; }
  return Math.max(0.02, (eventsPerDeviceHour * devices.length - fixed) / scaled);
}

export function* generateTelemetry(fleet: Fleet, opts: TelemetryOptions): Generator<TelemetryEvent, void, undefined> {
  const plan = opts.plan ?? planAttacks(fleet, opts);
  const devices = deviceActors(fleet, plan);
  const workloads = workloadActors(fleet);
  const scale = calibrate(devices, workloads, opts.eventsPerDeviceHour);
  const end = opts.start + opts.hours * HOUR;
  let carry: TelemetryEvent[] = [];
  let injected = 0;
  for (let hourStart = opts.start; hourStart < end; hourStart += HOUR) {
    const hourEnd = hourStart + HOUR;
    const hourIndex = Math.floor(hourStart / HOUR);
    const bucket = carry;
    const x: HourContext = { rng: new Rng(0), scale, seed: opts.seed, push: (ev) => bucket.push(ev) };
    for (const a of devices) {
      const id = a.d.record.device_id;
      const cutoff = plan.silentFrom.get(id);
      if (cutoff !== undefined && cutoff <= hourStart) continue;
      x.rng = new Rng(seedFrom(opts.seed, 'd', a.d.index, hourIndex));
      x.push = cutoff === undefined ? (ev) => bucket.push(ev) : (ev) => { if (ev.ts < cutoff) bucket.push(ev); };
      runActivities(a, id, DEVICE_ACTIVITIES[a.d.type], hourStart, x);
    }
    x.push = (ev) => bucket.push(ev);
    for (const a of workloads) {
      x.rng = new Rng(seedFrom(opts.seed, 'w', a.w.index, hourIndex));
      runActivities(a, a.w.record.workload_id, WORKLOAD_ACTIVITIES, hourStart, x);
    }
    while (injected < plan.events.length && plan.events[injected].ts < hourEnd) bucket.push(plan.events[injected++]);
    bucket.sort((a, b) => a.ts - b.ts); // stable: equal timestamps keep their generation order
    carry = [];
    for (const ev of bucket) {
      if (ev.ts < hourEnd) yield ev;
      else if (ev.ts < end) carry.push(ev);
    }
  }
}
