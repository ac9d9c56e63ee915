// Simulation options: one validator for every caller (CLI, demo seeding, tests), with errors naming the bad option.
import { parseTimestamp } from '@shared/domain/time';
import type { Clock } from '../clock';
import { invalid } from '../errors';
import { ATTACKS, type AttackName } from './attacks/types';
import { defaultUsers, defaultWorkloads, MIN_DEVICES } from './fleet';
import { HOUR } from './schedule';

/** Bump when the generator's output changes, so a new run is not mistaken for an old, already ingested one. */
const SIM_VERSION = 1;
export const DEFAULT_EVENTS_PER_DEVICE_HOUR = 20;

export interface SimulationInput {
  devices?: number | string;
  hours?: number | string;
  users?: number | string;
  workloads?: number | string;
  seed?: number | string;
  /** ISO 8601 or epoch ms; floored to the hour. Default: the clock's now minus `hours`, floored to the hour. */
  start?: number | string;
  /** Names, or one comma-separated string; 'all' for every attack. */
  attacks?: readonly string[] | string;
  eventsPerDeviceHour?: number | string;
}

export interface SimulationOptions {
  devices: number;
  hours: number;
  users: number;
  workloads: number;
  seed: number;
  start: number;
  end: number;
  attacks: AttackName[];
  eventsPerDeviceHour: number;
}

export const LIMITS = {
  devices: [MIN_DEVICES, 20_000],
  hours: [1, 2160],
  users: [1, 50_000],
  workloads: [0, 5000],
  seed: [0, 4_294_967_295],
  eventsPerDeviceHour: [1, 200],
} as const satisfies Record<string, readonly [number, number]>;

/** How a field is called where the input came from (the CLI passes f => `--${f}`). */
export type FieldName = (field: keyof SimulationInput) => string;

function whole(input: SimulationInput, field: keyof typeof LIMITS & keyof SimulationInput, fallback: number, name: FieldName): number {
  const raw = input[field];
  if (raw === undefined || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : /^\s*-?\d+\s*$/.test(String(raw)) ? Number(raw) : NaN;
  const [min, max] = LIMITS[field];
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(name(field), `must be a whole number from ${min} to ${max}, got '${String(raw)}'`);
  return n;
}

function parseAttacks(raw: SimulationInput['attacks'], name: FieldName = (f) => f): AttackName[] {
  if (raw === undefined) return [];
  const names = (typeof raw === 'string' ? raw.split(',') : raw.flatMap((r) => r.split(','))).map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.includes('all')) return [...ATTACKS];
  for (const n of names) {
    if (!(ATTACKS as readonly string[]).includes(n)) throw invalid(name('attacks'), `unknown attack '${n}'; valid attacks: ${ATTACKS.join(', ')} (or all)`);
  }
  // Canonical order, no duplicates: the same set always gives the same source key.
  return ATTACKS.filter((a) => names.includes(a));
}

export function resolveSimulationOptions(input: SimulationInput, clock: Clock, name: FieldName = (f) => f): SimulationOptions {
  const devices = whole(input, 'devices', 300, name);
  const hours = whole(input, 'hours', 24, name);
  let start: number;
  if (input.start === undefined || input.start === '') start = Math.floor((clock.now() - hours * HOUR) / HOUR) * HOUR;
  else {
    const ms = parseTimestamp(input.start);
    if (Number.isNaN(ms)) throw invalid(name('start'), `'${String(input.start)}' is not an ISO 8601 timestamp (e.g. 2026-05-14T00:00:00Z)`);
    start = Math.floor(ms / HOUR) * HOUR;
  }
  return {
    devices,
    hours,
    users: whole(input, 'users', defaultUsers(devices), name),
    workloads: whole(input, 'workloads', defaultWorkloads(devices), name),
    seed: whole(input, 'seed', 1, name),
    start,
    end: start + hours * HOUR,
    attacks: parseAttacks(input.attacks, name),
    eventsPerDeviceHour: whole(input, 'eventsPerDeviceHour', DEFAULT_EVENTS_PER_DEVICE_HOUR, name),
  };
}

/** A stable identity of everything that shapes the output: re-running the same simulation adds nothing. */
export function simulationKey(o: SimulationOptions): string {
  return `simulate:v${SIM_VERSION}:${JSON.stringify({
    devices: o.devices, users: o.users, workloads: o.workloads, hours: o.hours, seed: o.seed, start: new Date(o.start).toISOString(),
    attacks: o.attacks, events_per_device_hour: o.eventsPerDeviceHour,
  })}`;
}
