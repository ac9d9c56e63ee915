// Each posture factor fires on a crafted inventory state, says why with the numbers, and disappears
// once the state is fixed.
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine/engine';
import { addAnomaly, addBaseline, addDevice, addHealthyDevice, addIntelHit, addUser, addViolation, DAY, device, HOUR, openEngine, setAnomalyStatus } from './fixtures';

function factorsOf(engine: Engine, id: string) {
  engine.posture.recompute([device(id)]);
  return engine.posture.device(id).factors;
}
const find = (engine: Engine, id: string, name: string) => factorsOf(engine, id).find((f) => f.factor === name);

describe('identity factors', () => {
  it('unverified identity costs 40 points and goes once verified', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'cam', { trust_level: 'unverified' });
    expect(find(engine, 'cam', 'identity_unverified')).toEqual({ dimension: 'identity', factor: 'identity_unverified', points: -40, why: 'device identity not cryptographically verified' });
    expect(engine.posture.device('cam').risk_factors).toEqual(['identity_unverified']);
    addHealthyDevice(engine, 'cam', { trust_level: 'verified' });
    expect(factorsOf(engine, 'cam')).toEqual([]);
    expect(engine.posture.device('cam').score).toBe(100);
    engine.close();
  });

  it('untrusted identity and missing enrollment', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'cam', { trust_level: 'untrusted', enrolled_at: undefined });
    const names = factorsOf(engine, 'cam').map((f) => f.factor);
    expect(names).toEqual(expect.arrayContaining(['identity_untrusted', 'not_enrolled']));
    expect(names).not.toContain('identity_unverified');
    expect(engine.posture.device('cam').dimensions.identity.score).toBe(0);
    addHealthyDevice(engine, 'cam', { trust_level: 'verified', enrolled_at: new Date(engine.clock.now() - DAY).toISOString() });
    expect(factorsOf(engine, 'cam')).toEqual([]);
    engine.close();
  });

  it('certificate expiring in 5 days costs 15, in 20 days 5, expired 50', () => {
    const { engine } = openEngine();
    const at = (days: number) => new Date(engine.clock.now() + days * DAY).toISOString();
    addHealthyDevice(engine, 'cam', { cert_expires_at: at(5) });
    expect(find(engine, 'cam', 'certificate_expiring')).toMatchObject({ points: -15, why: 'device certificate expires in 5 days' });
    addHealthyDevice(engine, 'cam', { cert_expires_at: at(20) });
    expect(find(engine, 'cam', 'certificate_expiring')).toMatchObject({ points: -5, why: 'device certificate expires in 20 days' });
    addHealthyDevice(engine, 'cam', { cert_expires_at: at(-3) });
    expect(find(engine, 'cam', 'certificate_expired')).toMatchObject({ points: -50, why: 'device certificate expired 3 days ago' });
    addHealthyDevice(engine, 'cam', { cert_expires_at: at(90) });
    expect(factorsOf(engine, 'cam')).toEqual([]);
    engine.close();
  });

  it('a user without MFA loses 40 identity points; a disabled one does not', () => {
    const { engine } = openEngine();
    addUser(engine, 'sarah.k@acmecorp.com', { mfa_enrolled: false });
    expect(engine.posture.user('sarah.k@acmecorp.com').factors).toEqual([
      { dimension: 'identity', factor: 'mfa_not_enrolled', points: -40, why: 'user has no multi-factor authentication enrolled' },
    ]);
    addUser(engine, 'sarah.k@acmecorp.com', { mfa_enrolled: true });
    engine.posture.recompute([{ type: 'user', id: 'sarah.k@acmecorp.com' }]);
    expect(engine.posture.user('sarah.k@acmecorp.com').factors).toEqual([]);
    addUser(engine, 'old.account', { mfa_enrolled: false, enabled: false });
    expect(engine.posture.user('old.account').factors).toEqual([]);
    engine.close();
  });
});

describe('behavior factors', () => {
  it('open anomalies count by severity under their type, and go when resolved', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'ws');
    const a = addAnomaly(engine, 'ws', { type: 'lateral_movement_attempt', severity: 'critical' });
    addAnomaly(engine, 'ws', { type: 'new_external_destination', severity: 'medium', action: 'monitor' });
    const factors = factorsOf(engine, 'ws');
    expect(factors.find((f) => f.factor === 'lateral_movement_attempt')).toMatchObject({ dimension: 'behavior', points: -60, why: '1 open anomaly of type lateral_movement_attempt (1 critical)' });
    expect(factors.find((f) => f.factor === 'new_external_destination')).toMatchObject({ points: -15 });
    expect(engine.posture.device('ws').open_anomalies).toBe(2);
    setAnomalyStatus(engine, a, 'resolved');
    expect(factorsOf(engine, 'ws').map((f) => f.factor)).toEqual(['new_external_destination']);
    engine.close();
  });

  it('baseline not yet established is a small explicit factor; deviation scales up to 40', () => {
    const { engine } = openEngine();
    addDevice(engine, 'new');
    expect(find(engine, 'new', 'baseline_not_established')).toMatchObject({ points: -5, why: expect.stringContaining('no telemetry observed yet') });
    addBaseline(engine, 'new', { established: false, hours: 12 });
    expect(find(engine, 'new', 'baseline_not_established')?.why).toContain('12 hours observed');
    addBaseline(engine, 'new', { established: true, deviation: 0.5 });
    expect(find(engine, 'new', 'baseline_deviation')).toMatchObject({ points: -20, why: expect.stringContaining('0.50') });
    addBaseline(engine, 'new', { established: true, deviation: 0.04 });
    expect(factorsOf(engine, 'new')).toEqual([]);
    engine.close();
  });
});

describe('policy factors', () => {
  it('violations in the last 24 h count, older ones do not', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'cam');
    addViolation(engine, 'cam', 'pol_camera_mgmt_only', engine.clock.now() - 2 * HOUR);
    addViolation(engine, 'cam', 'pol_camera_mgmt_only', engine.clock.now() - 3 * HOUR);
    expect(find(engine, 'cam', 'policy_violation')).toMatchObject({ dimension: 'policy', points: -20, why: '2 policy violations in the last 24 h (pol_camera_mgmt_only)' });
    engine.db.prepare('UPDATE policy_violations SET ts = ?').run(engine.clock.now() - 25 * HOUR);
    expect(factorsOf(engine, 'cam')).toEqual([]);
    engine.close();
  });

  it('a recommended action untaken after 4 h is unenforced until the anomaly is acknowledged', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'ws');
    const id = addAnomaly(engine, 'ws', { severity: 'high', detected_at: engine.clock.now() - 6 * HOUR, action: 'isolate' });
    expect(find(engine, 'ws', 'unenforced_recommendation')).toMatchObject({ points: -15, why: expect.stringContaining('isolate (lateral_movement_attempt)') });
    setAnomalyStatus(engine, id, 'acknowledged');
    const after = factorsOf(engine, 'ws').map((f) => f.factor);
    expect(after).toEqual(['lateral_movement_attempt']);
    engine.close();
  });

  it('coverage gaps count only once an operator has authored a policy, and only operator policies cover', () => {
    const { engine } = openEngine();
    const analyst = { type: 'analyst', id: 'local', name: 'test' } as const;
    addHealthyDevice(engine, 'cam');
    addHealthyDevice(engine, 'ws');
    expect(factorsOf(engine, 'cam')).toEqual([]);
    // A response to one device (isolation) is not a policy the rest of the fleet lacks.
    const isolation = engine.policy.isolateDevice({ device_id: 'ws', reason: 'lateral movement', notify: false }, analyst);
    expect(factorsOf(engine, 'cam')).toEqual([]);
    expect(engine.posture.device('ws').active_policies).toEqual([isolation.policy_id]);
    // An operator policy for another device opens the coverage question for everyone else.
    engine.policy.create({ name: 'other only', rules: [{ identity_type: 'device', identity_id: 'ws', action: 'monitor' }], enabled: true }, analyst);
    expect(find(engine, 'cam', 'no_active_policy')).toMatchObject({ points: -20, why: 'no enabled operator policy covers this device' });
    expect(engine.posture.device('cam').active_policies).toEqual([]);
    const cams = engine.policy.create({ name: 'cameras', rules: [{ identity_type: 'device', identity_id: 'cam', action: 'allow', destination: '10.0.9.0/24' }], enabled: true }, analyst);
    expect(factorsOf(engine, 'cam')).toEqual([]);
    expect(engine.posture.device('cam').active_policies).toEqual([cams.policy_id]);
    // Disabling it brings the gap back.
    engine.policy.update({ policy_id: cams.policy_id, enabled: false }, analyst);
    expect(find(engine, 'cam', 'no_active_policy')).toBeDefined();
    engine.close();
  });
});

describe('threat factors', () => {
  it('malicious contacts in the last 7 days, counted per indicator', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'ws');
    addIntelHit(engine, 'ws', '185.234.47.21', { ts: engine.clock.now() - 2 * DAY });
    addIntelHit(engine, 'ws', '185.234.47.21', { ts: engine.clock.now() - DAY });
    addIntelHit(engine, 'ws', 'evil.example', { reputation: 'suspicious' });
    const factors = factorsOf(engine, 'ws');
    expect(factors.find((f) => f.factor === 'ioc_contact')).toMatchObject({ dimension: 'threat', points: -40, why: 'contacted 1 malicious indicator in the last 7 days (185.234.47.21)' });
    expect(factors.find((f) => f.factor === 'suspicious_contact')).toMatchObject({ points: -15 });
    engine.db.prepare('UPDATE intel_hits SET ts = ?').run(engine.clock.now() - 8 * DAY);
    expect(factorsOf(engine, 'ws')).toEqual([]);
    engine.close();
  });

  it('firmware end-of-life, outdated and vulnerable', () => {
    const { engine } = openEngine();
    addHealthyDevice(engine, 'cam', { firmware_status: 'eol', firmware_version: '5.1' });
    expect(find(engine, 'cam', 'firmware_eol')).toMatchObject({ points: -60, why: 'firmware 5.1 is end-of-life: it no longer receives security fixes' });
    addHealthyDevice(engine, 'cam', { firmware_status: 'outdated' });
    expect(factorsOf(engine, 'cam').map((f) => f.factor)).toEqual(['firmware_outdated']);
    addHealthyDevice(engine, 'cam', { firmware_status: 'current' });
    const vuln = addAnomaly(engine, 'cam', { type: 'firmware_vulnerable', severity: 'high', action: 'update_firmware', detected_at: engine.clock.now() - HOUR });
    expect(factorsOf(engine, 'cam').map((f) => [f.factor, f.dimension, f.points])).toEqual([['firmware_vulnerable', 'threat', -50]]);
    setAnomalyStatus(engine, vuln, 'resolved');
    expect(factorsOf(engine, 'cam')).toEqual([]);
    engine.close();
  });
});
