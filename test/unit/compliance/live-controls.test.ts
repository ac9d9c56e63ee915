// Controls evaluated from live state flip with it, and carry their evidence (numbers and ids).
import { describe, expect, it } from 'vitest';
import type { ComplianceFramework } from '@shared/domain/enums';
import type { Engine } from '../../../src-main/engine/engine';
import { addAnomaly, addFeed, addHealthyDevice, addIncident, addIntelHit, addUser, addViolation, DAY, HOUR, openEngine, setAnomalyStatus } from '../posture/fixtures';

function control(engine: Engine, framework: ComplianceFramework, id: string) {
  const c = engine.posture.compliance.report(framework).frameworks[0].controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id} in ${framework}`);
  return c;
}

/** A fleet with nothing wrong: verified current devices reporting, MFA everywhere, a fresh feed, posture assessed. */
function healthyFleet() {
  const { engine, clock } = openEngine();
  for (const id of ['cam1', 'cam2', 'cam3', 'cam4', 'cam5']) addHealthyDevice(engine, id);
  addUser(engine, 'sarah.k@acmecorp.com');
  addFeed(engine, 'feodo');
  engine.posture.recomputeAll();
  return { engine, clock };
}

describe('live compliance controls', () => {
  it('a healthy fleet is compliant with all three frameworks', () => {
    const { engine } = healthyFleet();
    expect(engine.posture.compliance.states()).toEqual({ iso_27001: 'compliant', nis2: 'compliant', nist_csf: 'compliant' });
    const nis2 = engine.posture.compliance.report('nis2').frameworks[0];
    expect(nis2.summary).toEqual({ pass: 8, fail: 0, partial: 0, not_applicable: 2 });
    expect(nis2.controls.find((c) => c.id === '21(2)(c)')?.status).toBe('not_applicable');
    expect(engine.posture.fleet().compliance).toEqual({ iso_27001: 'compliant', nis2: 'compliant', nist_csf: 'compliant' });
    engine.close();
  });

  it('end-of-life firmware fails vulnerability management (a key control) and passes once updated', () => {
    const { engine } = healthyFleet();
    addHealthyDevice(engine, 'cam2', { firmware_status: 'eol' });
    const c = control(engine, 'iso_27001', 'A.8.8');
    expect(c).toMatchObject({ key: true, status: 'fail' });
    expect(c.evidence[0]).toMatchObject({ check: 'vulnerability_management', metrics: { firmware_eol: 1, devices: 5 }, entities: ['cam2'] });
    expect(engine.posture.compliance.states()).toMatchObject({ iso_27001: 'non_compliant', nis2: 'non_compliant', nist_csf: 'non_compliant' });
    addHealthyDevice(engine, 'cam2', { firmware_status: 'outdated' });
    expect(control(engine, 'iso_27001', 'A.8.8').status).toBe('partial');
    expect(engine.posture.compliance.states().iso_27001).toBe('partial');
    addHealthyDevice(engine, 'cam2', { firmware_status: 'current' });
    expect(control(engine, 'iso_27001', 'A.8.8').status).toBe('pass');
    engine.close();
  });

  it('unverified device identities and users without MFA fail access control and secure authentication', () => {
    const { engine } = healthyFleet();
    addHealthyDevice(engine, 'cam3', { trust_level: 'unverified' });
    addUser(engine, 'bob', { mfa_enrolled: false });
    expect(control(engine, 'iso_27001', 'A.5.15')).toMatchObject({ status: 'fail', evidence: [{ check: 'device_identity', entities: ['cam3'] }, { check: 'access_anomalies', status: 'pass' }] });
    const a85 = control(engine, 'iso_27001', 'A.8.5');
    expect(a85.evidence.map((e) => [e.check, e.status, e.entities])).toEqual([['user_mfa', 'fail', ['bob']], ['device_identity', 'fail', ['cam3']]]);
    expect(control(engine, 'nis2', '21(2)(j)').evidence[0].metrics).toEqual({ enabled_users: 2, without_mfa: 1 });
    addUser(engine, 'bob', { mfa_enrolled: true });
    addHealthyDevice(engine, 'cam3', { trust_level: 'verified' });
    expect(control(engine, 'iso_27001', 'A.8.5').status).toBe('pass');
    engine.close();
  });

  it('incidents open past their SLA fail incident response; containing them passes', () => {
    const { engine, clock } = healthyFleet();
    addIncident(engine, 'inc_1', { severity: 'critical', opened_at: clock.now() - 2 * HOUR });
    expect(control(engine, 'iso_27001', 'A.5.26').status).toBe('pass');
    clock.advance(DAY);
    expect(control(engine, 'iso_27001', 'A.5.26')).toMatchObject({ status: 'fail', evidence: [{ metrics: { open_past_sla: 1 }, entities: ['inc_1'] }] });
    expect(engine.posture.fleet().active_incidents).toBe(1);
    engine.db.prepare("UPDATE incidents SET status = 'contained', updated_at = ? WHERE id = 'inc_1'").run(clock.now());
    expect(control(engine, 'iso_27001', 'A.5.26').status).toBe('pass');
    clock.advance(15 * DAY);
    expect(control(engine, 'nist_csf', 'RC.RP')).toMatchObject({ status: 'partial', evidence: [{ entities: ['inc_1'] }] });
    engine.close();
  });

  it('anomalies left untriaged or unescalated weaken event assessment and incident planning', () => {
    const { engine, clock } = healthyFleet();
    const id = addAnomaly(engine, 'cam1', { severity: 'critical', detected_at: clock.now() - HOUR });
    expect(control(engine, 'iso_27001', 'A.5.25').status).toBe('pass');
    clock.advance(4 * HOUR);
    expect(control(engine, 'iso_27001', 'A.5.25')).toMatchObject({ status: 'fail', evidence: [{ entities: [id] }] });
    expect(control(engine, 'iso_27001', 'A.5.24')).toMatchObject({ status: 'fail', evidence: [{ metrics: { critical_unescalated: 1 } }] });
    setAnomalyStatus(engine, id, 'acknowledged');
    engine.db.prepare('UPDATE anomalies SET incident_id = ? WHERE id = ?').run('inc_9', id);
    expect(control(engine, 'iso_27001', 'A.5.25').status).toBe('pass');
    expect(control(engine, 'iso_27001', 'A.5.24').status).toBe('pass');
    // Still open: the lateral movement keeps segregation failing until resolved.
    expect(control(engine, 'iso_27001', 'A.8.22').status).toBe('fail');
    setAnomalyStatus(engine, id, 'resolved');
    expect(control(engine, 'iso_27001', 'A.8.22').status).toBe('pass');
    engine.close();
  });

  it('devices silent for 24 h weaken monitoring; many silent fail it', () => {
    const { engine } = healthyFleet();
    const stale = new Date(engine.clock.now() - 2 * DAY).toISOString();
    engine.db.prepare('UPDATE devices SET last_seen = ? WHERE device_id = ?').run(Date.parse(stale), 'cam1');
    expect(control(engine, 'iso_27001', 'A.8.16')).toMatchObject({ status: 'partial', evidence: [{ metrics: { entities: 5, silent_24h: 1 }, entities: ['cam1'] }, { status: 'pass' }] });
    engine.db.prepare('UPDATE devices SET last_seen = ? WHERE device_id IN (?, ?)').run(Date.parse(stale), 'cam2', 'cam3');
    expect(control(engine, 'iso_27001', 'A.8.16').status).toBe('fail');
    engine.close();
  });

  it('malicious IoC contacts stay unresolved until an IoC anomaly on that entity is resolved after them', () => {
    const { engine, clock } = healthyFleet();
    addIntelHit(engine, 'cam4', '185.234.47.21');
    expect(control(engine, 'iso_27001', 'A.8.7')).toMatchObject({ status: 'fail', evidence: [{ metrics: { unresolved_malicious_contacts_7d: 1 }, entities: ['cam4'] }] });
    const id = addAnomaly(engine, 'cam4', { type: 'ioc_contact', severity: 'high', action: 'block_destination' });
    clock.advance(60_000);
    setAnomalyStatus(engine, id, 'resolved');
    expect(control(engine, 'iso_27001', 'A.8.7').status).toBe('pass');
    engine.close();
  });

  it('threat intelligence fails with no feed, is partial when stale; violations weaken network security', () => {
    const { engine, clock } = healthyFleet();
    clock.advance(8 * DAY);
    engine.posture.recomputeAll();
    expect(control(engine, 'iso_27001', 'A.5.7')).toMatchObject({ status: 'partial', evidence: [{ metrics: { feeds: 1, newest_import_age_hours: 9 * 24 } }] });
    engine.db.exec('DELETE FROM intel_feeds');
    expect(control(engine, 'iso_27001', 'A.5.7').status).toBe('fail');
    addViolation(engine, 'cam5', 'pol_camera_mgmt_only');
    expect(control(engine, 'iso_27001', 'A.8.20')).toMatchObject({ status: 'partial', evidence: [{ metrics: { policy_violations_24h: 1 }, entities: ['cam5'] }] });
    engine.close();
  });

  it('asset inventory is partial while devices are unenrolled or telemetry comes from unknown addresses', () => {
    const { engine } = healthyFleet();
    engine.db.prepare("INSERT INTO events (ts, kind, src_ip, dst_ip) VALUES (?, 'flow', '10.9.9.9', '10.0.0.1')").run(engine.clock.now() - HOUR);
    expect(control(engine, 'iso_27001', 'A.5.9')).toMatchObject({ status: 'partial', evidence: [{ metrics: { unattributed_events_24h: 1, not_enrolled: 0 } }] });
    engine.db.exec('DELETE FROM events');
    addHealthyDevice(engine, 'cam1', { enrolled_at: undefined });
    expect(control(engine, 'iso_27001', 'A.5.9')).toMatchObject({ status: 'partial', evidence: [{ entities: ['cam1'] }] });
    engine.close();
  });
});
