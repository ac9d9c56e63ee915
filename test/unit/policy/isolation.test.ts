// Quarantine: the management path (configured per device, device type or fleet), idempotent repeats (same state,
// no new version, still audited), release restoring the earlier policy set, re-isolation as a new
// version of the same policy, and incident close releasing devices isolated during the incident.
import { afterEach, describe, expect, it } from 'vitest';
import { auditRows, call, count, HOUR, ingest, openFleet, policyEvents, snapshot, T0, type Fleet } from './helpers';

let fleet: Fleet;
afterEach(() => fleet?.engine.close());

const SARAH = 'dev_workstation_sarah_k';
const decision = (f: Fleet, destination: string, id = SARAH) => call(f.engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: id, destination }).decision;

describe('isolate_device / release_device', () => {
  it('repeating an isolation returns the same state, writes no version and no event, and is still audited', () => {
    fleet = openFleet();
    const first = call(fleet.engine, 'policy.isolateDevice', { device_id: SARAH, reason: 'lateral movement' });
    const tables = snapshot(fleet.engine);
    fleet.clock.advance(HOUR);
    const again = call(fleet.engine, 'policy.isolateDevice', { device_id: SARAH, reason: 'still bad' });
    expect(again).toEqual({ ...first, status: 'already_isolated', changed: false });
    const after = snapshot(fleet.engine);
    for (const t of ['policies', 'policy_versions', 'device_isolations', 'event_log', 'enforcement_deliveries']) expect(after[t], t).toEqual(tables[t]);
    const audit = auditRows(fleet.engine, 'policy.isolateDevice');
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1].detail!)).toEqual({
      policy_id: first.policy_id, version: 1, status: 'already_isolated', management_path: [], management_path_source: 'enforcement_point', management_path_dropped: [],
      blast_radius: { devices: 1, users: 1, workloads: 0, fleet_wide: false },
    });
  });

  it('the management path: the most specific configured list (device, then device type, then fleet), never the traffic', () => {
    fleet = openFleet();
    const { engine } = fleet;
    // Tom's workstation talks mostly to one host: that no longer makes it a management destination.
    ingest(engine, [
      { ts: T0 - 3 * HOUR, kind: 'dns', device_id: 'dev_workstation_tom_b', src_ip: '10.0.1.21', dst_ip: '10.0.0.53', query: 'mdm.acmecorp.com', answers: ['10.9.0.5'] },
      ...Array.from({ length: 12 }, (_, i) => ({ ts: T0 - 2 * HOUR + i * 60_000, kind: 'flow' as const, device_id: 'dev_workstation_tom_b', src_ip: '10.0.1.21', dst_ip: '10.9.0.5', dst_port: 443, proto: 'tcp', bytes_out: 900 })),
    ]);
    const set = (input: object) => call(engine, 'policy.setManagementPath', input);
    expect(set({ scope: 'fleet', destinations: ['10.0.0.53'] })).toEqual({ scope: 'fleet', scope_id: null, destinations: ['10.0.0.53'], changed: true });
    set({ scope: 'device_type', scope_id: 'ip_camera', destinations: ['10.0.2.0/28', 'VMS.acmecorp.com.'] });
    set({ scope: 'device', scope_id: SARAH, destinations: ['10.0.2.5', 'mgmt.axis-cloud.com'] });
    expect(set({ scope: 'device', scope_id: SARAH, destinations: ['10.0.2.5', 'mgmt.axis-cloud.com'] }).changed).toBe(false);
    expect(auditRows(engine, 'policy.setManagementPath')).toHaveLength(4);
    expect(call(engine, 'policy.managementPaths', {}).paths.map((p: { scope: string; scope_id: string | null; destinations: string[] }) => [p.scope, p.scope_id, p.destinations])).toEqual([
      ['fleet', null, ['10.0.0.53']], ['device_type', 'ip_camera', ['10.0.2.0/28', 'vms.acmecorp.com']], ['device', SARAH, ['10.0.2.5', 'mgmt.axis-cloud.com']],
    ]);
    const tom = call(engine, 'policy.isolateDevice', { device_id: 'dev_workstation_tom_b' });
    expect(tom).toMatchObject({ management_path: ['10.0.0.53'], management_path_source: 'fleet', management_path_dropped: [] });
    const cam = call(engine, 'policy.isolateDevice', { device_id: 'dev_camera_floor3_east' });
    expect(cam).toMatchObject({ management_path: ['10.0.2.0/28', 'vms.acmecorp.com'], management_path_source: 'device_type' });
    const sarah = call(engine, 'policy.isolateDevice', { device_id: SARAH });
    expect(sarah).toMatchObject({ management_path: ['10.0.2.5', 'mgmt.axis-cloud.com'], management_path_source: 'device' });
    expect(call(engine, 'policy.get', { policy_id: sarah.policy_id }).rules).toEqual([
      { identity_type: 'device', identity_id: SARAH, action: 'isolate', destination: null },
      { identity_type: 'device', identity_id: SARAH, action: 'allow', destination: '10.0.2.5' },
      { identity_type: 'device', identity_id: SARAH, action: 'allow', destination: 'mgmt.axis-cloud.com' },
    ]);
    expect(decision(fleet, '10.0.2.5')).toBe('allow');
    expect(decision(fleet, 'mgmt.axis-cloud.com')).toBe('allow');
    expect(decision(fleet, '10.0.0.53')).toBe('isolate'); // the device's own list replaces the fleet default
    expect(decision(fleet, 'example.com')).toBe('isolate');
    expect(decision(fleet, '10.9.0.5', 'dev_workstation_tom_b')).toBe('isolate');
    expect(decision(fleet, 'mdm.acmecorp.com', 'dev_workstation_tom_b')).toBe('isolate');
    expect(() => set({ scope: 'device', scope_id: SARAH, destinations: ['10.0.0.0/33'] })).toThrow(/destinations\[0\]/);
    expect(() => set({ scope: 'device_type', scope_id: 'toaster', destinations: ['10.0.0.1'] })).toThrow(/scope_id: 'toaster' is not a device type/);
    expect(() => set({ scope: 'fleet', scope_id: SARAH, destinations: ['10.0.0.1'] })).toThrow(/scope_id: only applies/);
    expect(() => set({ scope: 'device', scope_id: 'dev_nope', destinations: ['10.0.0.1'] })).toThrow(/unknown device 'dev_nope'/);
    expect(() => set({ scope: 'device', scope_id: SARAH })).toThrow(/destinations: required unless clear/);
  });

  it('release restores the policy set in force before the isolation', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const camOnly = call(engine, 'policy.create', { name: 'Sarah: no file sharing', rules: [{ identity_type: 'device', identity_id: SARAH, action: 'block', destination: '*.filesharing.example' }] });
    const fleetBlock = call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16' });
    const other = call(engine, 'policy.create', { name: 'Tom only', rules: [{ identity_type: 'device', identity_id: 'dev_workstation_tom_b', action: 'monitor' }] });
    const iso1 = call(engine, 'policy.isolateDevice', { device_id: SARAH });
    expect(iso1.previous_policies.sort()).toEqual([camOnly.policy_id, fleetBlock.policy_id].sort());
    expect(iso1.previous_policies).not.toContain(other.policy_id);
    expect(decision(fleet, 'up.filesharing.example')).toBe('isolate');
    fleet.clock.advance(HOUR);
    const rel = call(engine, 'policy.releaseDevice', { device_id: SARAH, reason: 'reimaged' });
    expect(rel).toMatchObject({ status: 'released', version: 2, changed: true, released_at: new Date(T0 + HOUR).toISOString() });
    expect(rel.restored_policies.sort()).toEqual([camOnly.policy_id, fleetBlock.policy_id].sort());
    // The earlier set decides again.
    expect(call(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: SARAH, destination: 'up.filesharing.example' })).toMatchObject({ decision: 'block', deciding_policy_id: camOnly.policy_id });
    expect(decision(fleet, '185.234.1.1')).toBe('block');
    expect(decision(fleet, 'example.com')).toBe('allow');
    const [, released] = policyEvents(engine).filter((e) => e.policy_id === iso1.policy_id);
    expect(released).toMatchObject({ action: 'release_device', reason: 'reimaged' });
    expect((released.target as { restored_policies: { policy_id: string }[] }).restored_policies.map((p) => p.policy_id).sort()).toEqual([camOnly.policy_id, fleetBlock.policy_id].sort());
    // A release of a device that is not isolated changes nothing.
    expect(call(engine, 'policy.releaseDevice', { device_id: SARAH })).toMatchObject({ status: 'not_isolated', changed: false });
    // Isolating again is a new version of the same quarantine policy.
    const iso2 = call(engine, 'policy.isolateDevice', { device_id: SARAH });
    expect(iso2).toMatchObject({ policy_id: iso1.policy_id, version: 3, status: 'isolated' });
    expect(count(engine, 'SELECT COUNT(*) FROM device_isolations WHERE device_id = ?', SARAH)).toBe(2);
  });

  it('closing an incident with release_quarantined_devices releases the devices isolated during it', () => {
    fleet = openFleet();
    const { engine } = fleet;
    call(engine, 'policy.isolateDevice', { device_id: 'dev_workstation_tom_b' }); // before the incident: stays isolated
    fleet.clock.advance(HOUR);
    call(engine, 'policy.isolateDevice', { device_id: SARAH });
    const actor = { type: 'analyst' as const, id: 'ana' };
    const incident = { id: 'inc_1', opened_at: new Date(T0 + 30 * 60_000).toISOString(), first_activity_at: null, resolution: 'reimaged', entities: [{ entity_type: 'device', entity_id: SARAH }, { entity_type: 'device', entity_id: 'dev_workstation_tom_b' }] };
    expect(engine.policy.onIncidentClose({ incident, release_quarantined_devices: false, actor })).toEqual([]);
    const done = engine.db.transaction(() => engine.policy.onIncidentClose({ incident, release_quarantined_devices: true, actor }))();
    expect(done).toEqual([`released ${SARAH} from quarantine (pol_isolate_dev_workstation_sarah_k v2)`]);
    expect(decision(fleet, 'example.com')).toBe('allow');
    expect(decision(fleet, 'example.com', 'dev_workstation_tom_b')).toBe('isolate');
    expect(JSON.parse(auditRows(engine, 'policy.releaseDevice')[0].params)).toEqual({ device_id: SARAH, reason: 'incident inc_1 closed: reimaged' });
  });
});
