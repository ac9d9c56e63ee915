// The simulated attacks, their ground-truth labels and what planning one produces.
import type { EntityType } from '@shared/domain/enums';
import type { DeviceRecord } from '@shared/domain/inventory';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import type { IndicatorRecord } from '../../intel/intel-store';
import type { Fleet, SimDevice } from '../fleet';
import type { Rng } from '../prng';

export const ATTACKS = ['lateral-movement', 'c2-beacon', 'bruteforce', 'device-silent', 'eol-firmware'] as const;
export type AttackName = (typeof ATTACKS)[number];

/** Ground truth for one injected attack, as stored in sim_labels. */
export interface SimLabel {
  attack: AttackName;
  entity_type: EntityType;
  entity_id: string;
  start_ts: number;
  end_ts: number;
  detail: Record<string, unknown>;
}

export interface AttackContext {
  fleet: Fleet;
  rng: Rng;
  seed: number;
  /** Attacks happen in [zoneStart, end): after the learning period, so baselines exist. */
  zoneStart: number;
  end: number;
  /** Victims already chosen by other attacks (each attack gets its own). */
  taken: Set<string>;
}

export interface AttackOutcome {
  label: SimLabel;
  events?: TelemetryEvent[];
  /** The device stops all telemetry from this instant. */
  silence?: { device_id: string; from: number };
  /** The device reports this firmware from this instant. */
  rollback?: { device_id: string; at: number; version: string };
  indicators?: IndicatorRecord[];
  /** Inventory fields the attack changes on a device. */
  patch?: { device_id: string; fields: Partial<DeviceRecord> };
}

/** The fleet has nothing this attack can target (e.g. no enabled user left). */
export class NoVictimError extends Error {}

/** Picks an untaken device of the first type (in preference order) that has candidates. */
export function pickVictim(ctx: AttackContext, types: readonly SimDevice['type'][], ok: (d: SimDevice) => boolean = () => true): SimDevice {
  for (const type of types) {
    const candidates = ctx.fleet.devices.filter((d) => d.type === type && !ctx.taken.has(d.record.device_id) && ok(d));
    if (candidates.length > 0) {
      const victim = ctx.rng.pick(candidates);
      ctx.taken.add(victim.record.device_id);
      return victim;
    }
  }
  throw new NoVictimError(`the simulated fleet has no free ${types.join('/')} to attack`);
}

export const zoneTime = (ctx: AttackContext, from: number, to: number) => Math.floor(ctx.zoneStart + ctx.rng.between(from, to) * (ctx.end - ctx.zoneStart));
