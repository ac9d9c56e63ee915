// Simulated telemetry: deterministic, time-ordered, calibrated volume, diurnal people, periodic machines,
// DNS before connections, people signing in on their own machines.
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { isPrivateIp } from '../../../src-main/engine/inventory/ip';
import { generateFleet } from '../../../src-main/engine/simulate/fleet';
import { generateTelemetry, type TelemetryOptions } from '../../../src-main/engine/simulate/telemetry';

const HOUR = 3_600_000;
const start = Date.parse('2026-05-11T00:00:00Z'); // a Monday
const week = { seed: 9, start, hours: 168, eventsPerDeviceHour: 20, attacks: [] } satisfies TelemetryOptions;
const fleetFor = (seed: number, devices = 60) => generateFleet({ seed, devices, reference: start + 168 * HOUR });

function take(gen: Iterable<TelemetryEvent>, n: number): TelemetryEvent[] {
  const out: TelemetryEvent[] = [];
  for (const ev of gen) {
    out.push(ev);
    if (out.length === n) break;
  }
  return out;
}

const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
};
const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]);

describe('generateTelemetry', () => {
  const fleet = fleetFor(9);
  const events = [...generateTelemetry(fleet, week)];
  const byId = new Map(fleet.devices.map((d) => [d.record.device_id, d]));
  const byIp = new Map(fleet.devices.map((d) => [d.ip, d]));

  it('is identical for the same seed, a prefix of a longer window, and different for another seed', () => {
    expect(take(generateTelemetry(fleetFor(9), week), 5000)).toEqual(events.slice(0, 5000));
    const day = [...generateTelemetry(fleet, { ...week, hours: 24 })];
    expect(day).toEqual(events.filter((e) => e.ts < start + 24 * HOUR));
    const other = take(generateTelemetry(fleetFor(10), { ...week, seed: 10 }), 5000);
    expect(other).not.toEqual(events.slice(0, 5000));
  });

  it('is time-ordered and inside the window', () => {
    for (let i = 1; i < events.length; i++) if (events[i].ts < events[i - 1].ts) throw new Error(`event ${i} goes back in time`);
    expect(events[0].ts).toBeGreaterThanOrEqual(start);
    expect(events[events.length - 1].ts).toBeLessThan(start + 168 * HOUR);
  });

  it('averages the requested events per device-hour over a week', () => {
    const perDeviceHour = events.length / (60 * 168);
    expect(perDeviceHour).toBeGreaterThan(17);
    expect(perDeviceHour).toBeLessThan(23);
    const sparse = [...generateTelemetry(fleet, { ...week, eventsPerDeviceHour: 8 })].length / (60 * 168);
    expect(sparse).toBeGreaterThan(6.8);
    expect(sparse).toBeLessThan(9.2);
  });

  it('keeps people to office hours: workstation traffic at 14:00 far above 03:00 on weekdays', () => {
    const at = (hour: number) => events.filter((e) => {
      const d = e.device_id ? byId.get(e.device_id) : undefined;
      const t = new Date(e.ts);
      return d?.type === 'workstation' && t.getUTCHours() === hour && t.getUTCDay() >= 1 && t.getUTCDay() <= 5;
    }).length;
    expect(at(14)).toBeGreaterThan(3 * at(3));
    // …and the weekend is quiet.
    const saturdayNoon = events.filter((e) => e.device_id && byId.get(e.device_id)?.type === 'workstation' && e.ts >= start + (5 * 24 + 12) * HOUR && e.ts < start + (5 * 24 + 13) * HOUR).length;
    const mondayNoon = events.filter((e) => e.device_id && byId.get(e.device_id)?.type === 'workstation' && e.ts >= start + 12 * HOUR && e.ts < start + 13 * HOUR).length;
    expect(mondayNoon).toBeGreaterThan(3 * saturdayNoon);
  });

  it('keeps cameras periodic: NVR segments and vendor check-ins on a steady timer, day and night', () => {
    const camera = fleet.devices.find((d) => d.type === 'ip_camera' && d.record.manufacturer === 'Axis') ?? fleet.devices.find((d) => d.type === 'ip_camera')!;
    const toNvr = events.filter((e) => e.kind === 'flow' && e.src_ip === camera.ip && e.dst_ip === camera.nvr && e.dst_port === 554);
    expect(toNvr.length).toBeGreaterThan(100);
    const g = stats(gaps(toNvr.map((e) => e.ts)));
    expect(g.sd / g.mean).toBeLessThan(0.05);
    const checkins = events.filter((e) => e.kind === 'dns' && e.src_ip === camera.ip && e.query === camera.spec.cloud);
    const c = stats(gaps(checkins.map((e) => e.ts)));
    expect(checkins.length).toBeGreaterThan(50);
    expect(c.sd / c.mean).toBeLessThan(0.05);
    // Cameras are seen by the network sensor: their traffic carries no device id, their heartbeats do.
    expect(toNvr.every((e) => e.device_id === undefined)).toBe(true);
    expect(events.some((e) => e.kind === 'heartbeat' && e.device_id === camera.record.device_id)).toBe(true);
  });

  it('sends sensors to their BMS and firmware reports from every device', () => {
    const sensors = fleet.devices.filter((d) => d.type === 'hvac_sensor');
    for (const s of sensors) {
      const flows = events.filter((e) => e.kind === 'flow' && e.src_ip === s.ip);
      expect(flows.length).toBeGreaterThan(0);
      expect(flows.every((e) => e.dst_ip === s.bms && e.dst_port === 47808)).toBe(true);
    }
    const reporting = new Set(events.filter((e) => e.kind === 'firmware').map((e) => e.device_id));
    expect(reporting.size).toBe(fleet.devices.length);
    const one = events.find((e) => e.kind === 'firmware' && e.device_id === sensors[0].record.device_id)!;
    expect(one).toMatchObject({ firmware_version: sensors[0].record.firmware_version, manufacturer: sensors[0].record.manufacturer, model: sensors[0].record.model });
  });

  it('resolves names before connecting: every external flow of a workstation follows a DNS answer for that address', () => {
    const answered = new Map<string, number>();
    let checked = 0;
    for (const e of events) {
      const d = e.src_ip ? byIp.get(e.src_ip) : undefined;
      if (d?.type !== 'workstation') continue;
      if (e.kind === 'dns') for (const a of e.answers ?? []) answered.set(`${e.src_ip}>${a}`, e.ts);
      else if (e.kind === 'flow' && !isPrivateIp(e.dst_ip!)) {
        expect(answered.get(`${e.src_ip}>${e.dst_ip}`), `${e.src_ip} → ${e.dst_ip}`).toBeLessThanOrEqual(e.ts);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('signs people in on their own machines, with occasional failures', () => {
    const auths = events.filter((e) => e.kind === 'auth');
    expect(auths.length).toBeGreaterThan(100);
    for (const a of auths) expect(byId.get(a.device_id!)!.users).toContain(a.user_id);
    const failed = auths.filter((a) => a.outcome === 'failure').length / auths.length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(0.1);
    expect(events.some((e) => e.kind === 'process' && e.hash && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    expect(events.some((e) => e.kind === 'file' && e.path?.includes('\\Downloads\\'))).toBe(true);
  });

  it('gives workloads their own traffic, with cloud functions leaving through a NAT address', () => {
    const cloudy = generateFleet({ seed: 9, devices: 30, workloads: 20, reference: start + 24 * HOUR });
    const events = [...generateTelemetry(cloudy, { ...week, hours: 24 })];
    const fn = cloudy.workloads.find((w) => w.kind === 'cloud_function')!;
    const fnEvents = events.filter((e) => e.workload_id === fn.record.workload_id);
    expect(fnEvents.length).toBeGreaterThan(0);
    expect(fnEvents.every((e) => e.src_ip === fn.egress && !isPrivateIp(fn.egress))).toBe(true);
    const db = cloudy.workloads.find((w) => w.record.name === 'postgres')!;
    expect(events.some((e) => e.kind === 'flow' && e.workload_id && e.dst_ip === db.ip && e.dst_port === 5432)).toBe(true);
  });
});
