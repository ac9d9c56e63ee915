// Management paths are explicit and screened: nothing configured leaves only the enforcement point (the
// hosts of enforcement endpoints, never a loopback receiver); a destination threat intel rates malicious
// or suspicious (itself, through a DNS answer, or inside a range) or that an open anomaly names is refused
// when set and dropped with the reason at isolate time; the old traffic-derived fallback is gone.
import type { Reputation } from '@shared/domain/enums';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src-main/engine/errors';
import { endpointHost } from '../../../src-main/engine/policy/management-path';
import { auditRows, call, HOUR, ingest, openFleet, snapshot, T0, type Fleet } from './helpers';

let fleet: Fleet;
afterEach(() => fleet?.engine.close());

const SARAH = 'dev_workstation_sarah_k';
const CAMERA = 'dev_camera_floor3_east';
const ANALYST = { type: 'analyst' as const, id: 'ana' };

function rate(f: Fleet, value: string, reputation: Reputation) {
  f.engine.intel.importIndicators([{ value, reputation, categories: ['c2_server'], threat_actors: [] }], { feed: `feed-${value}`, format: 'test', actor: ANALYST });
}

function refusal(f: Fleet, input: object): UserError {
  const before = snapshot(f.engine);
  try {
    call(f.engine, 'policy.setManagementPath', input);
  } catch (e) {
    expect(snapshot(f.engine), 'a refused call changes nothing').toEqual(before);
    return e as UserError;
  }
  throw new Error('the call must be refused');
}

/** An open c2_beaconing anomaly on the device naming one destination (as the detector reports it). */
function anomalyNaming(f: Fleet, deviceId: string, destination: string): string {
  return f.engine.db.transaction(() => f.engine.anomalies.report({
    entity_type: 'device', entity_id: deviceId, type: 'c2_beaconing', severity: 'critical', confidence: 0.9, detected_at: T0 - HOUR,
    description: `beacons to ${destination}`, recommended_action: 'block_destination', observed_destinations: [destination], evidence: {},
  }).anomaly.id)();
}

describe('management paths', () => {
  it('with nothing configured, a quarantine allows only the enforcement point: no path is inferred from traffic', () => {
    fleet = openFleet();
    const { engine } = fleet;
    // Sarah's workstation talks mostly to one host: under the old fallback that host became her management path.
    ingest(engine, Array.from({ length: 20 }, (_, i) => ({ ts: T0 - 2 * HOUR + i * 60_000, kind: 'flow' as const, device_id: SARAH, src_ip: '10.0.1.20', dst_ip: '198.51.100.77', dst_port: 443, proto: 'tcp' })));
    call(engine, 'enforcement.addEndpoint', { url: 'https://10.0.0.9:8443/threatmatic', secret: 'a-long-shared-secret-1' });
    call(engine, 'enforcement.addEndpoint', { url: 'http://127.0.0.1:9000/hook', secret: 'a-long-shared-secret-2' });
    expect(call(engine, 'policy.managementPaths', { device_id: SARAH })).toEqual({
      paths: [], enforcement_point: ['10.0.0.9'],
      effective: { device_id: SARAH, device_type: 'workstation', source: 'enforcement_point', destinations: ['10.0.0.9'], enforcement_point: ['10.0.0.9'], dropped: [] },
    });
    const iso = call(engine, 'policy.isolateDevice', { device_id: SARAH });
    expect(iso).toMatchObject({ management_path: ['10.0.0.9'], management_path_source: 'enforcement_point', management_path_dropped: [] });
    const decide = (d: string) => call(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: SARAH, destination: d }).decision;
    expect(decide('198.51.100.77')).toBe('isolate');
    expect(decide('10.0.0.9')).toBe('allow');
    // A configured path replaces nothing of the enforcement point: it stays reachable.
    call(engine, 'policy.setManagementPath', { scope: 'fleet', destinations: ['10.0.0.53'] });
    expect(call(engine, 'policy.isolateDevice', { device_id: CAMERA }).management_path).toEqual(['10.0.0.53', '10.0.0.9']);
  });

  it('reads the enforcement point from endpoint URLs: IP or name, never loopback', () => {
    expect(endpointHost('https://fw.corp.example:8443/x')).toBe('fw.corp.example');
    expect(endpointHost('http://[2001:db8::1]/hook')).toBe('2001:db8::1');
    expect(endpointHost('http://localhost:9000/')).toBeNull();
    expect(endpointHost('http://127.0.0.1:9000/')).toBeNull();
    expect(endpointHost('http://[::1]/')).toBeNull();
  });

  it('refuses a destination threat intel rates malicious or suspicious, directly, through DNS, or inside a range, naming each', () => {
    fleet = openFleet();
    const { engine } = fleet;
    rate(fleet, '203.0.113.144', 'malicious');
    rate(fleet, 'updates.evil.example', 'suspicious');
    rate(fleet, '*.badcdn.example', 'malicious');
    rate(fleet, '198.51.100.0/24', 'suspicious');
    rate(fleet, 'intranet.acmecorp.com', 'benign');
    rate(fleet, '2001:db8:5::66', 'malicious');
    // Telemetry saw mdm-proxy.acmecorp.com resolve to the C2 address.
    ingest(engine, [{ ts: T0 - HOUR, kind: 'dns', device_id: SARAH, src_ip: '10.0.1.20', dst_ip: '10.0.0.53', query: 'mdm-proxy.acmecorp.com', answers: ['203.0.113.144'] }]);
    const cases: [string, string][] = [
      ['203.0.113.144', 'rated malicious by threat intel'],
      ['updates.evil.example', 'rated suspicious by threat intel'],
      ['cdn1.badcdn.example', 'rated malicious by threat intel'],
      ['198.51.100.7', 'rated suspicious by threat intel'],
      ['mdm-proxy.acmecorp.com', 'rated malicious by threat intel (mdm-proxy.acmecorp.com resolved to 203.0.113.144)'],
      ['203.0.113.128/27', 'contains 203.0.113.144, rated malicious by threat intel'],
      ['198.51.100.128/25', '198.51.100.0/24 is rated suspicious by threat intel'],
      ['*.evil.example', 'contains updates.evil.example, rated suspicious by threat intel'],
      ['2001:db8:5::/64', 'contains 2001:db8:5::66, rated malicious by threat intel'],
    ];
    for (const [dest, reason] of cases) {
      for (const scope of [{ scope: 'fleet' }, { scope: 'device_type', scope_id: 'workstation' }, { scope: 'device', scope_id: SARAH }]) {
        const err = refusal(fleet, { ...scope, destinations: ['10.0.0.53', dest] });
        expect(err.code, dest).toBe('invalid_input');
        expect(err.field, dest).toBe('destinations[1]');
        expect(err.message, dest).toBe(`destinations[1]: '${dest}' cannot be on a management path: ${reason}`);
      }
    }
    // Every bad entry is named at once.
    expect(refusal(fleet, { scope: 'fleet', destinations: ['203.0.113.144', 'intranet.acmecorp.com', 'updates.evil.example'] }).message)
      .toBe("destinations[0]: '203.0.113.144' cannot be on a management path: rated malicious by threat intel; destinations[2]: 'updates.evil.example' cannot be on a management path: rated suspicious by threat intel");
    expect(call(engine, 'policy.setManagementPath', { scope: 'fleet', destinations: ['intranet.acmecorp.com', '10.0.0.0/24', '*.acmecorp.com'] }).changed).toBe(true);
    // A management path names hosts or a management subnet, not a tenth of the Internet.
    expect(refusal(fleet, { scope: 'fleet', destinations: ['10.0.0.0/12'] }).message).toBe("destinations[0]: '10.0.0.0/12' cannot be on a management path: a range broader than /16 is not a management path (name its hosts or a management subnet)");
    expect(refusal(fleet, { scope: 'fleet', destinations: ['2001:db8::/32'] }).message).toContain('a range broader than /48 is not a management path');
  });

  it('refuses a destination an open anomaly names, for that device, its type or the fleet, and not once the anomaly is resolved', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const id = anomalyNaming(fleet, CAMERA, 'cams-update.example.net');
    const msg = `destinations[0]: 'cams-update.example.net' cannot be on a management path: named by open anomaly ${id} (c2_beaconing) on ${CAMERA}`;
    expect(refusal(fleet, { scope: 'device', scope_id: CAMERA, destinations: ['cams-update.example.net'] }).message).toBe(msg);
    expect(refusal(fleet, { scope: 'device_type', scope_id: 'ip_camera', destinations: ['cams-update.example.net'] }).message).toBe(msg);
    expect(refusal(fleet, { scope: 'fleet', destinations: ['cams-update.example.net'] }).message).toBe(msg);
    expect(refusal(fleet, { scope: 'fleet', destinations: ['*.example.net'] }).message).toContain(`named by open anomaly ${id} (c2_beaconing) on ${CAMERA}: cams-update.example.net`);
    // Another type's devices are not the camera: their path may name it.
    expect(call(engine, 'policy.setManagementPath', { scope: 'device_type', scope_id: 'workstation', destinations: ['cams-update.example.net'] }).changed).toBe(true);
    call(engine, 'anomalies.setStatus', { anomaly_id: id, status: 'resolved', reason: 'vendor update host, verified' });
    expect(call(engine, 'policy.setManagementPath', { scope: 'device', scope_id: CAMERA, destinations: ['cams-update.example.net'] }).destinations).toEqual(['cams-update.example.net']);
  });

  it('drops at isolate time what intel or an open anomaly flags since the path was set, and reports each with its reason', () => {
    fleet = openFleet();
    const { engine } = fleet;
    call(engine, 'policy.setManagementPath', { scope: 'device', scope_id: SARAH, destinations: ['10.0.2.5', 'mgmt.vendor.example', '192.0.2.10'] });
    rate(fleet, '192.0.2.10', 'malicious');
    const id = anomalyNaming(fleet, SARAH, 'mgmt.vendor.example');
    const iso = call(engine, 'policy.isolateDevice', { device_id: SARAH });
    const dropped = [
      { destination: 'mgmt.vendor.example', reason: `named by open anomaly ${id} (c2_beaconing) on ${SARAH}` },
      { destination: '192.0.2.10', reason: 'rated malicious by threat intel' },
    ];
    expect(iso).toMatchObject({ management_path: ['10.0.2.5'], management_path_source: 'device', management_path_dropped: dropped });
    const decide = (d: string) => call(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: SARAH, destination: d }).decision;
    expect([decide('10.0.2.5'), decide('mgmt.vendor.example'), decide('192.0.2.10')]).toEqual(['allow', 'isolate', 'isolate']);
    // The audit entry and a repeat report the same path.
    const audit = auditRows(engine, 'policy.isolateDevice');
    expect(JSON.parse(audit[0].detail!)).toMatchObject({ management_path: ['10.0.2.5'], management_path_source: 'device', management_path_dropped: dropped });
    expect(call(engine, 'policy.isolateDevice', { device_id: SARAH })).toMatchObject({ status: 'already_isolated', management_path: ['10.0.2.5'], management_path_dropped: dropped });
  });

  it('sets, reads and clears each scope, audited with its actor; clear falls back to the type, then the fleet', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const set = (input: object) => call(engine, 'policy.setManagementPath', input);
    set({ scope: 'fleet', destinations: ['10.0.0.53'] });
    set({ scope: 'device_type', scope_id: 'ip_camera', destinations: [] });
    set({ scope: 'device', scope_id: CAMERA, destinations: ['10.0.2.5'] });
    const effective = () => call(engine, 'policy.managementPaths', { device_id: CAMERA }).effective;
    expect(effective()).toMatchObject({ source: 'device', destinations: ['10.0.2.5'] });
    expect(set({ scope: 'device', scope_id: CAMERA, clear: true })).toEqual({ scope: 'device', scope_id: CAMERA, destinations: null, changed: true });
    // The type's empty list: only the enforcement point (none here), not the fleet default.
    expect(effective()).toMatchObject({ source: 'device_type', destinations: [] });
    set({ scope: 'device_type', scope_id: 'ip_camera', clear: true });
    expect(effective()).toMatchObject({ source: 'fleet', destinations: ['10.0.0.53'] });
    expect(set({ scope: 'device_type', scope_id: 'ip_camera', clear: true }).changed).toBe(false);
    const audit = auditRows(engine, 'policy.setManagementPath');
    expect(audit).toHaveLength(6);
    expect(audit.every((a) => a.actor_type === 'mcp_agent' && a.actor_id === 'key_01TEST' && a.actor_name === 'claude-desktop')).toBe(true);
    expect(JSON.parse(audit[3].detail!)).toEqual({ scope: 'device', scope_id: CAMERA, destinations: null, changed: true });
    const listed = call(engine, 'policy.managementPaths', {}).paths;
    expect(listed).toEqual([{ scope: 'fleet', scope_id: null, destinations: ['10.0.0.53'], updated_at: new Date(T0).toISOString(), updated_by: { type: 'mcp_agent', id: 'key_01TEST', name: 'claude-desktop' } }]);
    expect(() => set({ scope: 'fleet', destinations: ['10.0.0.1'], clear: true })).toThrow(/clear: give destinations or clear, not both/);
  });

  it('needs policy:write to set and policy:read to read', () => {
    fleet = openFleet();
    const err = (() => {
      try {
        call(fleet.engine, 'policy.setManagementPath', { scope: 'fleet', destinations: ['10.0.0.53'] }, { actor: { type: 'mcp_agent', id: 'k' }, scopes: ['device:isolate'] });
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(err?.code).toBe('forbidden');
    expect(call(fleet.engine, 'policy.managementPaths', {}, { actor: { type: 'mcp_agent', id: 'k' }, scopes: ['policy:read'] }).paths).toEqual([]);
  });
});
