// Each simulated attack: its ground-truth label, and the injected pattern really present in the events.
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { isPrivateIp } from '../../../src-main/engine/inventory/ip';
import { attackZoneStart, planAttacks } from '../../../src-main/engine/simulate/attacks/plan';
import { ATTACKS, type AttackName, type SimLabel } from '../../../src-main/engine/simulate/attacks/types';
import { resolveSimulationOptions } from '../../../src-main/engine/simulate/options';
import { buildScenario } from '../../../src-main/engine/simulate/scenario';
import { generateTelemetry } from '../../../src-main/engine/simulate/telemetry';
import { ManualClock } from '../../../src-main/engine/clock';

const HOUR = 3_600_000;
const clock = new ManualClock(Date.parse('2026-05-21T09:13:00Z'));
const options = resolveSimulationOptions({ devices: 60, hours: 48, seed: 11, attacks: 'all', start: '2026-05-19T00:00:00Z' }, clock);
const scenario = buildScenario(options);
const events = [...generateTelemetry(scenario.fleet, { ...options, plan: scenario.plan })];
const label = (a: AttackName): SimLabel => scenario.plan.labels.find((l) => l.attack === a)!;
const device = (id: string) => scenario.fleet.devices.find((d) => d.record.device_id === id)!;
const within = (e: TelemetryEvent, l: SimLabel) => e.ts >= l.start_ts && e.ts <= l.end_ts;

describe('simulated attacks', () => {
  it('labels every requested attack after the learning period, inside the window', () => {
    expect(scenario.plan.labels.map((l) => l.attack)).toEqual([...ATTACKS]);
    const zone = attackZoneStart(options.start, options.hours);
    expect(zone).toBe(options.start + 36 * HOUR);
    for (const l of scenario.plan.labels) {
      expect(l.start_ts, l.attack).toBeGreaterThanOrEqual(zone);
      expect(l.end_ts, l.attack).toBeLessThanOrEqual(options.end);
      expect(l.end_ts).toBeGreaterThanOrEqual(l.start_ts);
    }
    // Eight days keep seven clean ones for the baselines.
    expect(attackZoneStart(0, 192)).toBe(168 * HOUR);
    const victims = scenario.plan.labels.map((l) => l.entity_id);
    expect(new Set(victims).size).toBe(victims.length);
  });

  it('lateral movement: one workstation reaches 10+ new internal hosts on 445/3389/5985 within minutes', () => {
    const l = label('lateral-movement');
    const victim = device(l.entity_id);
    expect(['workstation', 'laptop']).toContain(victim.type);
    const sweep = events.filter((e) => e.kind === 'flow' && e.device_id === victim.record.device_id && within(e, l) && [445, 3389, 5985].includes(e.dst_port!) && e.dst_ip !== '10.10.1.12' && e.dst_ip !== '10.10.1.13');
    const targets = new Set(sweep.map((e) => e.dst_ip));
    expect(targets.size).toBeGreaterThanOrEqual(10);
    expect(targets.size).toBe(l.detail.targets);
    for (const t of targets) expect(isPrivateIp(t!)).toBe(true);
    expect(l.end_ts - l.start_ts).toBeLessThan(15 * 60_000);
    expect(new Set(sweep.map((e) => e.dst_port))).toEqual(new Set([445, 3389, 5985]));
    // Hosts it never talked to before.
    const before = new Set(events.filter((e) => e.src_ip === victim.ip && e.ts < l.start_ts).map((e) => e.dst_ip));
    for (const t of targets) expect(before.has(t)).toBe(false);
  });

  it('c2 beacon: ~60 s, low-jitter, small calls from one device to one rare external address and its name', () => {
    const l = label('c2-beacon');
    const { ip, domain } = l.detail as { ip: string; domain: string };
    const flows = events.filter((e) => e.kind === 'flow' && e.dst_ip === ip);
    expect(flows.length).toBe(l.detail.beacons);
    expect(flows.length).toBeGreaterThan(100);
    const victim = device(l.entity_id);
    expect(flows.every((e) => e.src_ip === victim.ip)).toBe(true);
    expect(flows.every((e) => e.bytes_out! < 1000 && e.dst_port === 443)).toBe(true);
    const gaps = flows.slice(1).map((e, i) => e.ts - flows[i].ts);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length);
    expect(Math.abs(mean - 60_000)).toBeLessThan(1000);
    expect(sd).toBeLessThan(3000);
    const lookups = events.filter((e) => e.kind === 'dns' && e.query === domain);
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups[0].answers).toEqual([ip]);
    expect(lookups[0].ts).toBeLessThan(flows[0].ts);
    expect(scenario.plan.indicators.map((i) => [i.value, i.reputation, i.categories])).toEqual([[ip, 'malicious', ['c2_server']], [domain, 'malicious', ['c2_server']]]);
    expect(ip).toMatch(/^203\.0\.113\./);
  });

  it('bruteforce: a burst of failures for one user from one source, optionally a success at the end', () => {
    const l = label('bruteforce');
    const { source_ip, failures, succeeded } = l.detail as { source_ip: string; failures: number; succeeded: boolean };
    const burst = events.filter((e) => e.kind === 'auth' && e.src_ip === source_ip);
    expect(burst.every((e) => e.user_id === l.entity_id && within(e, l))).toBe(true);
    expect(burst.filter((e) => e.outcome === 'failure').length).toBe(failures);
    expect(failures).toBeGreaterThanOrEqual(40);
    expect(burst.filter((e) => e.outcome === 'success').length).toBe(succeeded ? 1 : 0);
    expect(l.end_ts - l.start_ts).toBeLessThan(40 * 60_000);
    expect(l.entity_type).toBe('user');
  });

  it('device silent: the device talks until the label starts and never after', () => {
    const l = label('device-silent');
    const victim = device(l.entity_id);
    const its = events.filter((e) => e.device_id === victim.record.device_id || e.src_ip === victim.ip);
    expect(its.filter((e) => e.ts < l.start_ts).length).toBeGreaterThan(50);
    expect(its.filter((e) => e.ts >= l.start_ts)).toEqual([]);
    expect(l.end_ts).toBe(options.end);
  });

  it('eol firmware: the device reports an end-of-life version from the rollback on, and the inventory says eol', () => {
    const l = label('eol-firmware');
    const victim = device(l.entity_id);
    const { from_version, to_version } = l.detail as { from_version: string; to_version: string };
    expect(victim.spec.eol).toContain(to_version);
    const reports = events.filter((e) => e.kind === 'firmware' && e.device_id === victim.record.device_id);
    expect(reports.filter((e) => e.ts < l.start_ts).every((e) => e.firmware_version === from_version)).toBe(true);
    const after = reports.filter((e) => e.ts >= l.start_ts);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.firmware_version === to_version)).toBe(true);
    expect(scenario.inventory.devices.find((d) => d.device_id === victim.record.device_id)).toMatchObject({ firmware_version: to_version, firmware_status: 'eol' });
  });

  it('choosing a subset of attacks moves neither the victims nor the timing, and no attack means no attacker traffic', () => {
    const only = planAttacks(scenario.fleet, { ...options, attacks: ['c2-beacon'] });
    expect(only.labels).toEqual([label('c2-beacon')]);
    const quiet = [...generateTelemetry(scenario.fleet, { ...options, attacks: [] })];
    expect(quiet.some((e) => e.dst_ip?.startsWith('203.0.113.') || e.src_ip?.startsWith('203.0.113.'))).toBe(false);
    // Without attacks the victim of device-silent keeps talking to the end.
    const silent = device(label('device-silent').entity_id);
    expect(quiet.some((e) => e.src_ip === silent.ip && e.ts >= label('device-silent').start_ts)).toBe(true);
  });

  it('refuses an attack the fleet has no victim for, clearly, and plans the others', () => {
    const fleet = buildScenario(options).fleet;
    for (const u of fleet.users) u.record.enabled = false;
    expect(() => planAttacks(fleet, { ...options, attacks: ['bruteforce'] })).toThrow('cannot simulate bruteforce: the simulated fleet has no enabled user to attack (add --users)');
    expect(planAttacks(fleet, { ...options, attacks: ['c2-beacon', 'device-silent'] }).labels).toHaveLength(2);
  });
});
