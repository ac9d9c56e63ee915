// When simulated activities happen: diurnal curves (UTC office hours, quiet weekends), periodic timers with a
// per-entity phase, and Poisson arrivals, plus the expected volume used to calibrate events per device-hour.
import type { TelemetryEvent } from '@shared/domain/telemetry';
import type { Rng } from './prng';
import { seedFrom } from './prng';

export const HOUR = 3_600_000;

/** Activity level by hour of day (UTC) and weekday (0 = Sunday). */
export type Curve = (hour: number, dow: number) => number;

const OFFICE_DAY = [0.02, 0.02, 0.02, 0.02, 0.02, 0.03, 0.08, 0.35, 0.85, 1, 1, 0.95, 0.7, 0.9, 1, 1, 0.9, 0.6, 0.3, 0.15, 0.1, 0.06, 0.04, 0.03];
const LAPTOP_DAY = [0.03, 0.02, 0.02, 0.02, 0.02, 0.03, 0.1, 0.4, 0.85, 1, 1, 0.95, 0.75, 0.9, 1, 1, 0.9, 0.65, 0.4, 0.3, 0.25, 0.18, 0.1, 0.05];
const weekend = (dow: number) => dow === 0 || dow === 6;

export const curves = {
  flat: (() => 1) as Curve,
  office: ((h, dow) => OFFICE_DAY[h] * (weekend(dow) ? 0.08 : 1)) as Curve,
  laptop: ((h, dow) => LAPTOP_DAY[h] * (weekend(dow) ? 0.15 : 1)) as Curve,
  /** Servers: always busy, busier in office hours. */
  business: ((h, dow) => 0.5 + 0.5 * OFFICE_DAY[h] * (weekend(dow) ? 0.3 : 1)) as Curve,
  /** Backups and batch jobs: 01:00 to 04:59. */
  night: ((h) => (h >= 1 && h <= 4 ? 1 : 0)) as Curve,
} satisfies Record<string, Curve>;

function weeklyAverage(curve: Curve): number {
  let sum = 0;
  for (let dow = 0; dow < 7; dow++) for (let h = 0; h < 24; h++) sum += curve(h, dow);
  return sum / 168;
}

export interface HourContext {
  rng: Rng;
  /** Multiplier on every rate so the fleet averages the requested events per device-hour. */
  scale: number;
  seed: number;
  push(ev: TelemetryEvent): void;
}

export interface Activity<T> {
  name: string;
  mode: 'periodic' | 'poisson';
  /** Occurrences per hour at full activity (periodic: 60 / period in minutes). */
  perHour: number;
  curve?: Curve;
  /** Events one occurrence emits on average (for calibration). */
  events: number;
  /** Not scaled by the rate (firmware reports stay every few hours). */
  fixed?: boolean;
  /** Only for entities where this holds. */
  when?: (t: T) => boolean;
  run(t: T, ts: number, x: HourContext): void;
}

/** Runs one entity's activities for the hour starting at hourStart. */
export function runActivities<T>(entity: T, key: string, activities: readonly Activity<T>[], hourStart: number, x: HourContext): void {
  const hour = Math.floor(hourStart / HOUR) % 24;
  const dow = (Math.floor(hourStart / 86_400_000) + 4) % 7; // 1970-01-01 was a Thursday
  for (const a of activities) {
    if (a.when && !a.when(entity)) continue;
    const rate = a.perHour * (a.fixed ? 1 : x.scale);
    if (rate <= 0) continue;
    if (a.mode === 'periodic') {
      const period = HOUR / rate;
      const phase = (seedFrom(x.seed, key, a.name) / 4294967296) * period;
      // Ticks sit on a fixed grid (epoch + phase + k·period), so consecutive hours continue the same rhythm;
      // jitter is only ever forward (≤ 2%), so no event lands before its hour.
      for (let t = phase + Math.ceil((hourStart - phase) / period) * period; t < hourStart + HOUR; t += period) {
        a.run(entity, Math.floor(t + x.rng.next() * 0.02 * period), x);
      }
    } else {
      const n = x.rng.poisson(rate * (a.curve ? a.curve(hour, dow) : 1));
      for (let i = 0; i < n; i++) a.run(entity, hourStart + Math.floor(x.rng.next() * (HOUR - 5000)), x);
    }
  }
}

/** Expected events per hour of one entity at scale 1, averaged over a week. */
export function expectedPerHour<T>(entity: T, activities: readonly Activity<T>[]): { scaled: number; fixed: number } {
  let scaled = 0;
  let fixed = 0;
  for (const a of activities) {
    if (a.when && !a.when(entity)) continue;
    const v = a.perHour * a.events * (a.mode === 'poisson' && a.curve ? weeklyAverage(a.curve) : 1);
    if (a.fixed) fixed += v;
    else scaled += v;
  }
  return { scaled, fixed };
}
