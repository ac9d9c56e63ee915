// unexpected_offline (watermark checks, live ticks, resolution on return) and firmware_eol / firmware_vulnerable.
import { describe, expect, it } from 'vitest';
import { compareVersions, ruleMatches, vulnerabilitiesOf } from '../../../src-main/engine/detect/firmware-catalogue';
import { DAY, HOUR, MIN, T0, harness, ofType, routine, type Ev } from './harness';

const heartbeat = (id: string, from: number, to: number, every = MIN): Ev[] => {
  const out: Ev[] = [];
  for (let t = from; t < to; t += every) out.push({ ts: t, kind: 'heartbeat', entity_type: 'device', entity_id: id, device_id: id });
  return out;
};

describe('unexpected offline', () => {
  it('flags a device silent for many times its usual interval once the data watermark moves on, and resolves it when it returns', () => {
    const h = harness();
    const end = T0 + 8 * DAY;
    h.feed([...heartbeat('dev_sensor', T0, end), ...heartbeat('dev_other', T0, end + 3 * HOUR)].sort((a, b) => a.ts - b.ts));
    const [a, ...rest] = ofType(h, 'unexpected_offline');
    expect(rest).toHaveLength(0);
    expect(a).toMatchObject({ entity_id: 'dev_sensor', severity: 'medium', recommended_action: 'investigate', status: 'open' });
    expect(a.description).toMatch(/^Device silent for \d+ min; it usually reports every 60 s and its longest earlier silence was 60 s$/);
    // Detected at the first check after 15 minutes of silence (checks run every 5 minutes of data time).
    const detected = Date.parse(a.detected_at);
    expect(detected - end).toBeGreaterThanOrEqual(15 * MIN);
    expect(detected - end).toBeLessThanOrEqual(21 * MIN);
    h.feed(heartbeat('dev_sensor', end + 3 * HOUR, end + 3 * HOUR + 1));
    const after = ofType(h, 'unexpected_offline')[0];
    expect(after.status).toBe('resolved');
    expect(after.status_reason).toMatch(/^reported again at /);
    const audit = h.db.prepare(`SELECT actor_type, action FROM audit_log WHERE action = 'anomaly.set_status'`).all();
    expect(audit).toEqual([{ actor_type: 'system', action: 'anomaly.set_status' }]);
  });

  it('uses the clock on tick only when it is close to the data (live), not for replays of old data', () => {
    const h = harness();
    const end = T0 + 8 * DAY;
    h.feed(heartbeat('dev_cam', T0, end));
    h.clock.set(end + 10 * DAY);
    expect(h.pipeline.tick().anomalies).toHaveLength(0);
    h.clock.set(end + 40 * MIN);
    const out = h.pipeline.tick();
    expect(out.anomalies.map((a) => a.type)).toEqual(['unexpected_offline']);
    expect(out.dirty).toEqual([{ type: 'device', id: 'dev_cam' }]);
  });

  it('does not flag devices with a rhythm of long silences (workstations at night) or without an established baseline', () => {
    const h = harness();
    const days: Ev[] = [];
    for (let d = 0; d < 9; d++) days.push(...routine('dev_ws', [{ ip: '52.96.0.10', port: 443 }], T0 + d * DAY + 8 * HOUR, 9 / 24));
    h.feed([...days, ...heartbeat('dev_new', T0 + 8 * DAY, T0 + 8 * DAY + HOUR), ...heartbeat('dev_clock', T0, T0 + 9 * DAY + 2 * HOUR, 10 * MIN)].sort((a, b) => a.ts - b.ts));
    expect(ofType(h, 'unexpected_offline').map((a) => a.entity_id)).toEqual([]);
  });
});

describe('firmware catalogue', () => {
  it('compares versions numerically and applies build-date and semver rules', () => {
    expect(compareVersions('6.3.34', '6.3.40')).toBe(-1);
    expect(compareVersions('6.10', '6.9.9')).toBe(1);
    expect(ruleMatches({ type: 'build_before', build: '210628' }, 'V5.5.0 build 170725')).toBe(true);
    expect(ruleMatches({ type: 'build_before', build: '210628' }, 'V5.7.15 build 230823')).toBe(false);
    expect(ruleMatches({ type: 'version_at_most', version: '3.0.0.136' }, 'v3.0.0.136_20121102')).toBe(true);
    expect(vulnerabilitiesOf('Hikvision', 'DS-2CD2143G2-I', 'V5.6.5 build 210817')).toEqual([]);
    expect(vulnerabilitiesOf('hikvision', 'DS-2CD2143G2-I', 'V5.4.5 build 170123').map((v) => v.cve)).toEqual(['CVE-2021-36260']);
    expect(vulnerabilitiesOf('PTZOptics', 'PT30X-NDI-GY', '6.3.34').map((v) => v.cve)).toEqual(['CVE-2024-8957']);
    expect(vulnerabilitiesOf('PTZOptics', 'PT30X-NDI-GY', '6.3.40')).toEqual([]);
    expect(vulnerabilitiesOf('Axis', 'P3265-LVE', '9.80.3.8')).toEqual([]);
  });
});

describe('firmware detectors', () => {
  it('reports an end-of-life, KEV-listed Hikvision camera at its first event, and resolves the CVE when it reports fixed firmware', () => {
    const h = harness();
    h.device({ device_id: 'dev_cam_lobby', device_type: 'ip_camera', manufacturer: 'Hikvision', model: 'DS-2CD2143G2-I', firmware_version: 'V5.5.0 build 170725', firmware_status: 'eol' });
    h.feed(heartbeat('dev_cam_lobby', T0, T0 + 2 * MIN));
    const vuln = ofType(h, 'firmware_vulnerable');
    expect(vuln).toHaveLength(1);
    expect(vuln[0]).toMatchObject({ severity: 'critical', recommended_action: 'update_firmware', detected_at: new Date(T0).toISOString() });
    expect(vuln[0].description).toBe('Device runs Hikvision DS-2CD2143G2-I firmware V5.5.0 build 170725, affected by CVE-2021-36260 (Hikvision Improper Input Validation (command injection in the camera web server); CVSS 9.8, known exploited since 2022-01-10)');
    const eol = ofType(h, 'firmware_eol');
    expect(eol[0]).toMatchObject({ severity: 'high', description: 'Device runs end-of-life firmware V5.5.0 build 170725 on Hikvision DS-2CD2143G2-I: no further security updates' });
    h.feed([{ ts: T0 + HOUR, kind: 'firmware', entity_type: 'device', entity_id: 'dev_cam_lobby', device_id: 'dev_cam_lobby', firmware_version: 'V5.7.15 build 230823' }]);
    expect(ofType(h, 'firmware_vulnerable')[0]).toMatchObject({ status: 'resolved', status_reason: 'firmware now V5.7.15 build 230823' });
    expect(ofType(h, 'firmware_eol')[0].status).toBe('resolved');
  });

  it('reviews the inventory on tick when it changed, for devices that never sent telemetry', () => {
    const h = harness();
    h.device({ device_id: 'dev_ptz', device_type: 'ip_camera', manufacturer: 'PTZOptics', model: 'PT30X-SDI-WH', firmware_version: '6.3.33' });
    expect(h.pipeline.tick().anomalies.map((a) => [a.type, a.entity_id, a.severity])).toEqual([['firmware_vulnerable', 'dev_ptz', 'high']]);
    expect(h.pipeline.tick().anomalies).toHaveLength(0);
  });
});
