// The posture service: user posture across devices, the device-count-weighted fleet, the 24 h trend,
// history and posture_change events, freshness after inventory and anomaly changes, unknown ids.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from '../../../src-main/engine/db/sql';
import { dispatch } from '../../../src-main/engine/dispatch';
import { UserError } from '../../../src-main/engine/errors';
import { importInventoryFile } from '../../../src-main/engine/inventory/import-inventory';
import { FLUSH_DELAY_MS } from '../../../src-main/engine/posture/update-queue';
import { addAnomaly, addBaseline, addHealthyDevice, addUser, addWorkload, DAY, device, HOUR, openEngine, setAnomalyStatus, userOnDevice } from './fixtures';

describe('user posture', () => {
  it('adds to its own factors the average of the factors of the devices it is active on', () => {
    const { engine } = openEngine();
    addUser(engine, 'sarah.k@acmecorp.com', { mfa_enrolled: false });
    addHealthyDevice(engine, 'laptop');
    addHealthyDevice(engine, 'ws');
    addHealthyDevice(engine, 'not_hers', { trust_level: 'untrusted' });
    addAnomaly(engine, 'ws', { severity: 'critical' });
    userOnDevice(engine, 'sarah.k@acmecorp.com', 'laptop');
    userOnDevice(engine, 'sarah.k@acmecorp.com', 'ws');
    engine.posture.recomputeAll();
    const p = engine.posture.user('sarah.k@acmecorp.com');
    expect(p.devices).toEqual([
      { device_id: 'laptop', score: 100, band: 'healthy' },
      { device_id: 'ws', score: 40, band: 'high_risk' },
    ]);
    expect(p.factors).toEqual([
      { dimension: 'identity', factor: 'mfa_not_enrolled', points: -40, why: 'user has no multi-factor authentication enrolled' },
      { dimension: 'behavior', factor: 'lateral_movement_attempt', points: -30, why: 'ws: 1 open anomaly of type lateral_movement_attempt (1 critical)', entity_id: 'ws' },
    ]);
    expect(p.dimensions.identity.score).toBe(60);
    expect(p.dimensions.behavior.score).toBe(70);
    // The weighted sum is 79, but the device's open critical anomaly caps the user (and the device) at 40.
    expect(p.score).toBe(Math.min(40, Math.round(0.3 * 60 + 0.3 * 70 + 25 + 15)));
    expect(p.score_cap).toMatchObject({ limit: 40, severity: 'critical', factor: 'lateral_movement_attempt', entity_id: 'ws' });
    expect(p.open_anomalies).toBe(1);
    expect(p.risk_factors).toEqual(['mfa_not_enrolled', 'lateral_movement_attempt']);
    engine.close();
  });

  it('follows its devices: a device change rescored through recompute rescored the user too', () => {
    const { engine } = openEngine();
    addUser(engine, 'u1');
    addHealthyDevice(engine, 'd1');
    userOnDevice(engine, 'u1', 'd1');
    engine.posture.recomputeAll();
    expect(engine.posture.user('u1').score).toBe(100);
    addAnomaly(engine, 'd1', { severity: 'critical' });
    engine.posture.recompute([device('d1')]);
    expect(engine.posture.user('u1').score).toBe(40); // capped by d1's open critical anomaly
    expect(engine.posture.user('u1').factors[0].entity_id).toBe('d1');
    engine.close();
  });

  it('counts only devices used within 30 days', () => {
    const { engine } = openEngine();
    addUser(engine, 'u1');
    addHealthyDevice(engine, 'old', { trust_level: 'untrusted' });
    userOnDevice(engine, 'u1', 'old', engine.clock.now() - 40 * DAY);
    engine.posture.recomputeAll();
    expect(engine.posture.user('u1')).toMatchObject({ devices: [], score: 100 });
    engine.close();
  });
});

describe('fleet posture', () => {
  it('is the device-count-weighted average of devices and workloads (users are not counted twice)', () => {
    const { engine } = openEngine();
    for (const id of ['a', 'b', 'c']) addHealthyDevice(engine, id);
    addHealthyDevice(engine, 'eol', { firmware_status: 'eol', trust_level: 'unverified' }); // 100 - 12 - 9 = 79
    addWorkload(engine, 'wl');
    addUser(engine, 'nomfa', { mfa_enrolled: false });
    engine.posture.recomputeAll();
    const eol = engine.posture.device('eol').score;
    const wl = engine.posture.workload('wl').score;
    expect(eol).toBe(79);
    const f = engine.posture.fleet();
    expect(f.score).toBe(Math.round((300 + eol + wl) / 5));
    expect(f.entities_assessed).toBe(5);
    expect(f.device_count).toBe(4);
    const firmware = f.factors.find((x) => x.factor === 'firmware_eol');
    expect(firmware).toMatchObject({ dimension: 'threat', entities: 1, points: -1.8, why: '1 of 5 devices and workloads' });
    engine.close();
  });

  it('reports counts and the devices at risk, riskiest first, each with its costliest factor', () => {
    const { engine } = openEngine();
    const expired = new Date(engine.clock.now() - 86_400_000).toISOString();
    // identity 0, behavior 0, policy 100, threat 40: 31
    addHealthyDevice(engine, 'dev_camera_parking_07', { firmware_status: 'eol', trust_level: 'untrusted', enrolled_at: undefined, cert_expires_at: expired });
    addAnomaly(engine, 'dev_camera_parking_07', { severity: 'critical' });
    addAnomaly(engine, 'dev_camera_parking_07', { type: 'c2_beaconing', severity: 'critical' });
    addAnomaly(engine, 'dev_camera_parking_07', { type: 'firmware_eol', severity: 'low', action: 'update_firmware', status: 'resolved' });
    // identity 60, behavior 25: 66 by weight, capped at 40 by the open critical anomaly
    addHealthyDevice(engine, 'dev_sensor_hvac_b2', { trust_level: 'unverified' });
    addAnomaly(engine, 'dev_sensor_hvac_b2', { type: 'unexpected_offline', severity: 'critical', action: 'investigate' });
    addAnomaly(engine, 'dev_sensor_hvac_b2', { type: 'new_external_destination', severity: 'medium', action: 'monitor' });
    addHealthyDevice(engine, 'fine');
    engine.posture.recomputeAll();
    const f = engine.posture.fleet();
    expect(f.open_anomalies).toBe(4);
    expect(engine.posture.device('dev_camera_parking_07').score).toBe(31);
    expect(engine.posture.device('dev_sensor_hvac_b2').score).toBe(40);
    expect(engine.posture.device('dev_camera_parking_07').score_cap).toBeNull(); // 31 is already below the cap
    expect(f.devices_at_risk).toEqual([
      { device_id: 'dev_camera_parking_07', risk: 'high', reason: 'identity_untrusted' },
      { device_id: 'dev_sensor_hvac_b2', risk: 'high', reason: 'unexpected_offline' },
    ]);
    expect(f.active_incidents).toBe(0);
    engine.close();
  });

  it('caps a device with an open critical anomaly at 40 and a high one at 70, and lifts the cap when it is resolved', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'ws');
    const high = addAnomaly(engine, 'ws', { type: 'possible_exfiltration', severity: 'high', action: 'investigate' });
    engine.posture.recomputeAll();
    const capped = engine.posture.device('ws');
    expect(capped.score).toBe(70);
    expect(capped.score_cap).toMatchObject({ limit: 70, severity: 'high', factor: 'possible_exfiltration', anomaly_id: high });
    expect(capped.score_cap?.why).toContain(high);
    const critical = addAnomaly(engine, 'ws', { severity: 'critical' });
    engine.posture.recompute([device('ws')]);
    expect(engine.posture.device('ws')).toMatchObject({ score: 40, risk_score: 60, band: 'high_risk', score_cap: { limit: 40, anomaly_id: critical } });
    expect(engine.posture.fleet().devices_at_risk).toEqual([{ device_id: 'ws', risk: 'high', reason: 'lateral_movement_attempt' }]);
    setAnomalyStatus(engine, critical, 'resolved');
    setAnomalyStatus(engine, high, 'resolved');
    engine.posture.recompute([device('ws')]);
    expect(engine.posture.device('ws')).toMatchObject({ score: 100, score_cap: null });
    engine.close();
  });

  it('trends against the fleet score 24 h before: beyond ±2 points improving or degrading, else stable', () => {
    const { engine, clock } = openEngine();
    for (let i = 0; i < 10; i++) addHealthyDevice(engine, `d${i}`);
    engine.posture.recomputeAll();
    expect(engine.posture.fleet()).toMatchObject({ score: 100, trend: 'stable' });

    clock.advance(25 * HOUR);
    const small = addAnomaly(engine, 'd0', { type: 'new_external_destination', severity: 'medium', action: 'monitor' });
    addAnomaly(engine, 'd0', { type: 'new_external_destination', severity: 'medium', action: 'monitor' }); // d0 → 91: fleet 99
    engine.posture.recompute([device('d0')]);
    expect(engine.posture.fleet()).toMatchObject({ score: 99, trend: 'stable' });
    addAnomaly(engine, 'd1', { severity: 'critical' });
    addAnomaly(engine, 'd2', { severity: 'critical' });
    engine.posture.recompute([device('d1'), device('d2')]);
    expect(engine.posture.fleet()).toMatchObject({ score: 87, trend: 'degrading' }); // d1 and d2 capped at 40

    // A day later the degraded state is the reference; fixing it is an improvement.
    clock.advance(25 * HOUR);
    engine.db.prepare("UPDATE anomalies SET status = 'resolved', status_changed_at = ?").run(clock.now());
    engine.posture.recompute([device('d0'), device('d1'), device('d2')]);
    expect(engine.posture.fleet()).toMatchObject({ score: 100, trend: 'improving' });
    expect(small).toMatch(/^ano_/);
    // The same history is the console's trend chart: the score in force at the window start, then each change.
    const week = dispatch(engine, 'posture.fleetTrend', {}, { actor: { type: 'analyst', id: 't' } });
    expect(week.points.map((p) => p.score)).toEqual([100, 87, 100]);
    expect(week.points.map((p) => p.at)).toEqual([...week.points.map((p) => p.at)].sort());
    const day = engine.posture.fleetTrend(24);
    expect(day.points.map((p) => p.score)).toEqual([87, 100]);
    expect(day.points[0].at).toBe(day.since);
    engine.close();
  });
});

describe('history and events', () => {
  it('keeps at most one history row per entity per hour and logs a posture_change on a move of 5 or a band change', () => {
    const { engine, clock } = openEngine();
    addHealthyDevice(engine, 'cam');
    engine.posture.recomputeAll();
    const history = () => engine.db.prepare("SELECT ts, score FROM posture_history WHERE entity_type = 'device' AND entity_id = 'cam' ORDER BY ts").all() as { ts: number; score: number }[];
    expect(history()).toEqual([{ ts: clock.now(), score: 100 }]);

    clock.advance(HOUR + 10 * 60_000);
    const a = addAnomaly(engine, 'cam', { severity: 'critical' });
    engine.posture.recompute([device('cam')]); // capped at 40: a band change
    clock.advance(10 * 60_000);
    setAnomalyStatus(engine, a, 'resolved');
    addAnomaly(engine, 'cam', { severity: 'low', type: 'new_external_destination', action: 'monitor' });
    engine.posture.recompute([device('cam')]); // 99 in the same hour: replaces the 40 row
    expect(history().map((h) => h.score)).toEqual([100, 99]);
    clock.advance(HOUR);
    engine.db.exec("UPDATE anomalies SET status = 'resolved'");
    engine.posture.recompute([device('cam')]);
    expect(history().map((h) => h.score)).toEqual([100, 99, 100]);

    const events = engine.events.read(0, { filter: { event_type: 'posture_change', entity_id: 'cam' } }).events;
    expect(events.map((e) => [e.data.previous_score, e.data.score])).toEqual([[100, 40], [40, 99]]);
    expect(events[0]).toMatchObject({ entity_type: 'device', severity: 'high', data: { risk_score: 60, band: 'high_risk', risk_factors: ['lateral_movement_attempt'] } });
    engine.close();
  });

  it('audits every recompute run as the posture system actor', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'cam');
    engine.posture.recomputeAll();
    const rows = engine.db.prepare("SELECT actor_type, actor_id, action, params FROM audit_log WHERE action LIKE 'posture.%'").all();
    expect(rows).toContainEqual({ actor_type: 'system', actor_id: 'posture', action: 'posture.recompute_all', params: JSON.stringify({ entities: 1 }) });
    engine.close();
  });
});

describe('freshness and lookups', () => {
  it('answers inventory edits at once; the stored row follows on the write path', () => {
    const { engine, clock } = openEngine();
    const stored = () => engine.db.prepare("SELECT score FROM posture WHERE entity_type = 'device' AND entity_id = 'cam'").pluck().get();
    addHealthyDevice(engine, 'cam');
    expect(engine.posture.device('cam').score).toBe(100);
    expect(stored()).toBeUndefined();
    engine.posture.catchUp();
    expect(stored()).toBe(100);
    clock.advance(1000);
    addHealthyDevice(engine, 'cam', { trust_level: 'unverified' });
    expect(engine.posture.device('cam').score).toBe(88);
    expect(stored()).toBe(100);
    engine.posture.catchUp();
    expect(stored()).toBe(88);
    engine.close();
  });

  it('reads never write: no posture row, history, event or audit entry comes from a query, even with rows behind', () => {
    const { engine, clock } = openEngine();
    addHealthyDevice(engine, 'cam', { cert_expires_at: new Date(clock.now() + 8 * DAY + HOUR).toISOString() });
    addWorkload(engine, 'api');
    addUser(engine, 'sarah');
    userOnDevice(engine, 'sarah', 'cam');
    engine.posture.recomputeAll();
    addAnomaly(engine, 'cam', { severity: 'critical' });
    addHealthyDevice(engine, 'new-cam');
    engine.posture.onBatch({ dirty: [device('cam')], anomalies: [] });
    clock.advance(2 * DAY);
    const changes = () => engine.sql.value<number>(sql`SELECT total_changes()`);
    const before = changes();
    expect(engine.posture.device('cam').score).toBeLessThanOrEqual(40);
    expect(engine.posture.device('new-cam').score).toBe(100);
    engine.posture.user('sarah');
    engine.posture.workload('api');
    engine.posture.fleet();
    expect(changes()).toBe(before);
    engine.close();
  });

  it('rescoring follows anomaly triage without an explicit recompute', async () => {
    const { engine, clock } = openEngine();
    addHealthyDevice(engine, 'cam', { trust_level: 'unverified' });
    const stored = () => engine.db.prepare("SELECT score FROM posture WHERE entity_type = 'device' AND entity_id = 'cam'").pluck().get();

    // A triage announced on the event log rescores the entity shortly after, with no query needed.
    const id = addAnomaly(engine, 'cam', { severity: 'critical' });
    engine.posture.recompute([device('cam')]);
    expect(stored()).toBe(40);
    clock.advance(1000);
    setAnomalyStatus(engine, id, 'resolved');
    engine.events.append({ event_type: 'anomaly', entity_type: 'device', entity_id: 'cam', data: { anomaly_id: id, status: 'resolved' } });
    await Promise.resolve(); // the event reaches posture once the append's transaction is over (a microtask)
    clock.advance(FLUSH_DELAY_MS - 1);
    expect(stored()).toBe(40);
    clock.advance(1);
    expect(stored()).toBe(88);
    engine.close();
  });

  it('a device added by an inventory import shows in the fleet without waiting for telemetry', () => {
    const { engine, clock } = openEngine();
    addHealthyDevice(engine, 'a');
    engine.posture.recomputeAll();
    clock.advance(1000);
    addBaseline(engine, 'b');
    const file = join(mkdtempSync(join(tmpdir(), 'tm-posture-import-')), 'devices.json');
    const iso = (ms: number) => new Date(ms).toISOString();
    writeFileSync(file, JSON.stringify({ devices: [{
      device_id: 'b', device_type: 'ip_camera', manufacturer: 'Axis', firmware_version: '11.8.93', firmware_status: 'eol', trust_level: 'verified',
      enrolled_at: iso(clock.now() - 200 * DAY), cert_expires_at: iso(clock.now() + 365 * DAY), last_seen: iso(clock.now() - 60_000),
    }] }));
    expect(importInventoryFile(engine, file, { actor: { type: 'cli', id: 'test' } })).toMatchObject({ devices: 1, rejected: [] });
    const f = engine.posture.fleet();
    expect(f.entities_assessed).toBe(2);
    expect(f.devices_at_risk).toEqual([]);
    expect(f.factors.map((x) => x.factor)).toContain('firmware_eol');
    engine.close();
  });

  it('names the unknown id', () => {
    const { engine } = openEngine();
    for (const [call, kind] of [[() => engine.posture.device('dev_nope'), 'device'], [() => engine.posture.user('dev_nope'), 'user'], [() => engine.posture.workload('dev_nope'), 'workload']] as const) {
      let err: unknown;
      try {
        call();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      expect(err).toMatchObject({ code: 'not_found', message: `unknown ${kind} 'dev_nope'` });
    }
    engine.close();
  });

  it('sweeps everything again after an hour so time-based factors move on', () => {
    const { engine, clock } = openEngine();
    addHealthyDevice(engine, 'cam', { cert_expires_at: new Date(clock.now() + 8 * DAY + HOUR).toISOString() });
    expect(engine.posture.device('cam').factors.map((f) => f.points)).toEqual([-5]);
    clock.advance(2 * DAY);
    expect(engine.posture.device('cam').factors.map((f) => [f.factor, f.points])).toEqual([['certificate_expiring', -15]]);
    engine.close();
  });
});
