// Plans the requested attacks for a fleet and window: victims, timing, injected events, labels, indicators.
import type { DeviceRecord } from '@shared/domain/inventory';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { UserError } from '../../errors';
import type { IndicatorRecord } from '../../intel/intel-store';
import type { Fleet } from '../fleet';
import { Rng, seedFrom } from '../prng';
import { bruteforce } from './bruteforce';
import { c2Beacon } from './c2-beacon';
import { deviceSilent } from './device-silent';
import { eolFirmware } from './eol-firmware';
import { lateralMovement } from './lateral-movement';
import { ATTACKS, NoVictimError, type AttackContext, type AttackName, type AttackOutcome, type SimLabel } from './types';

const HOUR = 3_600_000;

export interface AttackPlan {
  labels: SimLabel[];
  /** Injected events, time-ordered. */
  events: TelemetryEvent[];
  silentFrom: Map<string, number>;
  rollbacks: Map<string, { at: number; version: string }>;
  indicators: IndicatorRecord[];
  patches: Map<string, Partial<DeviceRecord>>;
}

/** Victim choice order: the scarcer kinds first, so small fleets still find one of each. */
const PLANNERS: [AttackName, (ctx: AttackContext) => AttackOutcome][] = [
  ['eol-firmware', eolFirmware], ['c2-beacon', c2Beacon], ['lateral-movement', lateralMovement], ['device-silent', deviceSilent], ['bruteforce', bruteforce],
];

/**
 * Attacks start after a learning period: in the last quarter of the window, and never before its last 24 h
 * would begin (an 8-day run keeps 7 clean days for baselines).
 */
export function attackZoneStart(start: number, hours: number): number {
  return start + Math.max(0.75 * hours, hours - 24) * HOUR;
}

export function planAttacks(fleet: Fleet, opts: { seed: number; start: number; hours: number; attacks: readonly AttackName[] }): AttackPlan {
  const plan: AttackPlan = { labels: [], events: [], silentFrom: new Map(), rollbacks: new Map(), indicators: [], patches: new Map() };
  const wanted = new Set(opts.attacks);
  const taken = new Set<string>();
  const zoneStart = Math.floor(attackZoneStart(opts.start, opts.hours));
  const end = opts.start + opts.hours * HOUR;
  // Every attack is planned, wanted or not, each from its own random stream: choosing a subset never moves the others.
  for (const [name, planner] of PLANNERS) {
    let outcome: AttackOutcome;
    try {
      outcome = planner({ fleet, rng: new Rng(seedFrom('attack', opts.seed, name)), seed: opts.seed, zoneStart, end, taken });
    } catch (err) {
      if (!(err instanceof NoVictimError)) throw err;
      if (wanted.has(name)) throw new UserError('invalid_input', `cannot simulate ${name}: ${err.message}`, 'attacks');
      continue;
    }
    if (!wanted.has(name)) continue;
    plan.labels.push({ ...outcome.label, end_ts: Math.min(outcome.label.end_ts, end) });
    if (outcome.events) plan.events.push(...outcome.events.filter((ev) => ev.ts < end));
    if (outcome.silence) plan.silentFrom.set(outcome.silence.device_id, outcome.silence.from);
    if (outcome.rollback) plan.rollbacks.set(outcome.rollback.device_id, { at: outcome.rollback.at, version: outcome.rollback.version });
    if (outcome.indicators) plan.indicators.push(...outcome.indicators);
    if (outcome.patch) plan.patches.set(outcome.patch.device_id, outcome.patch.fields);
  }
  plan.events.sort((a, b) => a.ts - b.ts);
  plan.labels.sort((a, b) => ATTACKS.indexOf(a.attack) - ATTACKS.indexOf(b.attack));
  return plan;
}
