// A scenario: the fleet, the attack plan and the inventory for resolved options (shared by the DB run and --out).
import type { DeviceRecord, UserRecord, WorkloadRecord } from '@shared/domain/inventory';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { planAttacks, type AttackPlan } from './attacks/plan';
import { fleetInventory, generateFleet, type Fleet } from './fleet';
import type { SimulationOptions } from './options';
import { HOUR } from './schedule';
import { generateTelemetry } from './telemetry';

export interface Scenario {
  options: SimulationOptions;
  fleet: Fleet;
  plan: AttackPlan;
  /** The inventory as it stands at the end of the window (attacks' changes applied). */
  inventory: { devices: DeviceRecord[]; users: UserRecord[]; workloads: WorkloadRecord[] };
}

export interface SimulationProgress { phase: 'inventory' | 'telemetry' | 'labels'; events: number; hours_done: number; hours_total: number }

export function buildScenario(options: SimulationOptions): Scenario {
  const fleet = generateFleet({ seed: options.seed, devices: options.devices, users: options.users, workloads: options.workloads, reference: options.end });
  const plan = planAttacks(fleet, options);
  const inventory = fleetInventory(fleet);
  inventory.devices = inventory.devices.map((d) => {
    const patch = plan.patches.get(d.device_id);
    return patch ? { ...d, ...patch } : d;
  });
  return { options, fleet, plan, inventory };
}

/** The scenario's events, reporting progress every `every` events. */
export function* scenarioEvents(s: Scenario, onProgress?: (p: SimulationProgress) => void, every = 25_000): Generator<TelemetryEvent, void, undefined> {
  let n = 0;
  const hoursTotal = s.options.hours;
  for (const ev of generateTelemetry(s.fleet, { ...s.options, plan: s.plan })) {
    yield ev;
    if (++n % every === 0) onProgress?.({ phase: 'telemetry', events: n, hours_done: Math.floor((ev.ts - s.options.start) / HOUR), hours_total: hoursTotal });
  }
  onProgress?.({ phase: 'telemetry', events: n, hours_done: hoursTotal, hours_total: hoursTotal });
}
