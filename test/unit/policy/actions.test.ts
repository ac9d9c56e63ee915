// Each policy action end to end through dispatch, as an MCP agent with scopes: the change, its
// version row, the audit entry under the agent's key and name (same transaction), the `policy` event
// posture rescores on, and the scope each tool needs.
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src-main/engine/errors';
import { AGENT, auditRows, call, count, ctx, HOUR, iso, openFleet, policyEvents, T0, type Fleet } from './helpers';

let fleet: Fleet;
afterEach(() => fleet?.engine.close());

describe('policy actions through dispatch', () => {
  it('refuses each tool without its scope, and runs it with that scope (or admin)', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const cases: [string, unknown, string][] = [
      ['policy.isolateDevice', { device_id: 'dev_workstation_sarah_k' }, 'device:isolate'],
      ['policy.releaseDevice', { device_id: 'dev_workstation_sarah_k' }, 'device:isolate'],
      ['policy.blockDestination', { destination: '185.234.0.0/16' }, 'destination:block'],
      ['policy.allowDestination', { destination: '185.234.47.21', scope_id: 'dev_workstation_tom_b' }, 'destination:block'],
      ['policy.suspendUser', { user_id: 'tom.b@acmecorp.com' }, 'user:suspend'],
      ['policy.restoreUser', { user_id: 'tom.b@acmecorp.com' }, 'user:suspend'],
      ['policy.create', { name: 'No telnet', rules: [{ action: 'block', destination: '*.telnet.example' }] }, 'policy:write'],
      ['policy.list', {}, 'policy:read'],
      ['policy.evaluateAccess', { identity_type: 'user', identity_id: 'tom.b@acmecorp.com', destination: 'example.com' }, 'policy:read'],
    ];
    for (const [op, input, scope] of cases) {
      const refused = (() => { try { call(engine, op, input, ctx('read', 'policy:read')); return null; } catch (e) { return e as UserError; } })();
      if (scope === 'policy:read') expect(refused, op).toBeNull();
      else expect(refused?.code, op).toBe('forbidden');
      expect(() => call(engine, op, input, ctx(scope as never)), op).not.toThrow();
    }
  });

  it('isolate_device: a quarantine policy, an isolation row, audit under the agent, a notify event', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const r = call(engine, 'policy.isolateDevice', { device_id: 'dev_workstation_sarah_k', reason: 'Anomaly: lateral movement to 14 internal hosts, confidence 0.97' }, ctx('device:isolate'));
    expect(r).toMatchObject({ policy_id: 'pol_isolate_dev_workstation_sarah_k', status: 'isolated', version: 1, changed: true, notify: true, isolated_at: iso(T0) });
    const audit = auditRows(engine, 'policy.isolateDevice');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'mcp_agent', actor_id: AGENT.id, actor_name: 'claude-desktop', outcome: 'ok' });
    expect(JSON.parse(audit[0].params)).toEqual({ device_id: 'dev_workstation_sarah_k', reason: 'Anomaly: lateral movement to 14 internal hosts, confidence 0.97', notify: true });
    const [ev] = policyEvents(engine);
    expect(ev).toMatchObject({ action: 'isolate_device', policy_id: r.policy_id, reason: 'Anomaly: lateral movement to 14 internal hosts, confidence 0.97', entity_id: 'dev_workstation_sarah_k' });
    expect(engine.events.read(0, { filter: { event_type: 'policy' } }).events[0].severity).toBe('high');
    expect(count(engine, 'SELECT COUNT(*) FROM device_isolations WHERE released_at IS NULL')).toBe(1);
    // notify: false is recorded and the event is not an alert
    const quiet = call(engine, 'policy.isolateDevice', { device_id: 'dev_camera_floor3_east', notify: false });
    expect(quiet.notify).toBe(false);
    expect(engine.events.read(0, { filter: { event_type: 'policy', entity_id: 'dev_camera_floor3_east' } }).events[0].severity).toBeNull();
  });

  it('block_destination: fleet, device and user scopes, canonical destinations, one policy per scope and destination', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const a = call(engine, 'policy.blockDestination', { destination: '185.234.7.9/16', reason: 'C2 infrastructure' }, ctx('destination:block'));
    expect(a).toMatchObject({ policy_id: 'pol_block_185_234_0_0_16', destination: '185.234.0.0/16', destination_type: 'cidr', scope: 'fleet', scope_id: null, status: 'blocked' });
    const b = call(engine, 'policy.blockDestination', { destination: '*.Attacker-Domain.RU', scope: 'device', scope_id: 'dev_workstation_tom_b' });
    expect(b).toMatchObject({ destination: '*.attacker-domain.ru', destination_type: 'domain_pattern', scope: 'device', scope_id: 'dev_workstation_tom_b' });
    const c = call(engine, 'policy.blockDestination', { destination: '2001:DB8::1', scope: 'user', scope_id: 'tom.b@acmecorp.com' });
    expect(c).toMatchObject({ destination: '2001:db8::1', destination_type: 'ip', scope: 'user' });
    expect(new Set([a.policy_id, b.policy_id, c.policy_id]).size).toBe(3);
    // repeating a block changes nothing; a new expiry is a new version
    expect(call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16' })).toMatchObject({ status: 'already_blocked', changed: false, version: 1 });
    const renewed = call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16', expires_at: iso(T0 + 2 * HOUR) });
    expect(renewed).toMatchObject({ status: 'updated', version: 2, expires_at: iso(T0 + 2 * HOUR) });
    expect(call(engine, 'policy.get', { policy_id: a.policy_id }).history.map((h: { version: number; change: string }) => [h.version, h.change])).toEqual([[2, 'updated'], [1, 'blocked']]);
    expect(policyEvents(engine).map((e) => e.action)).toEqual(['block_destination', 'block_destination', 'block_destination', 'block_destination']);
    expect(auditRows(engine, 'policy.blockDestination')).toHaveLength(5);
  });

  it('allow_destination: scope inferred from the id, reports the blocks it overrides', () => {
    fleet = openFleet();
    const { engine } = fleet;
    call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16' });
    const r = call(engine, 'policy.allowDestination', { destination: '185.234.47.21', scope_id: 'dev_workstation_tom_b', reason: 'vendor update server' }, ctx('destination:block'));
    expect(r).toMatchObject({ status: 'allowed', scope: 'device', scope_id: 'dev_workstation_tom_b', overrides: ['pol_block_185_234_0_0_16'] });
    expect(call(engine, 'policy.allowDestination', { destination: '185.234.47.21', scope: 'device', scope_id: 'dev_workstation_tom_b' })).toMatchObject({ status: 'already_allowed', changed: false });
    expect(call(engine, 'policy.allowDestination', { destination: 'updates.vendor.example', scope_id: 'sarah.k@acmecorp.com' }).scope).toBe('user');
  });

  it('suspend_user / restore_user: a suspension policy with the user\'s devices, lifted by restore', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const s = call(engine, 'policy.suspendUser', { user_id: 'sarah.k@acmecorp.com', reason: 'credential theft', expires_at: iso(T0 + 4 * HOUR) }, ctx('user:suspend'));
    expect(s).toMatchObject({ policy_id: 'pol_suspend_sarah_k_acmecorp_com', status: 'suspended', devices: ['dev_workstation_sarah_k'], expires_at: iso(T0 + 4 * HOUR) });
    expect(call(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: 'dev_workstation_sarah_k', destination: 'example.com' }).decision).toBe('block');
    expect(call(engine, 'policy.suspendUser', { user_id: 'sarah.k@acmecorp.com', expires_at: iso(T0 + 4 * HOUR) }).status).toBe('already_suspended');
    const r = call(engine, 'policy.restoreUser', { user_id: 'sarah.k@acmecorp.com', reason: 'password reset' }, ctx('user:suspend'));
    expect(r).toMatchObject({ status: 'restored', version: 2, changed: true });
    expect(call(engine, 'policy.restoreUser', { user_id: 'sarah.k@acmecorp.com' })).toMatchObject({ status: 'not_suspended', changed: false });
    expect(call(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: 'dev_workstation_sarah_k', destination: 'example.com' }).decision).toBe('allow');
    expect(policyEvents(engine).map((e) => [e.action, e.entity_id])).toEqual([['suspend_user', 'sarah.k@acmecorp.com'], ['restore_user', 'sarah.k@acmecorp.com']]);
  });

  it('create_policy / update_policy / get_policy / list_policies: versions kept, no-op updates write nothing', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const p = call(engine, 'policy.create', {
      name: 'Cameras: management only', description: 'Cameras talk to the VMS and nothing else',
      rules: [{ identity_type: 'device', identity_id: 'dev_camera_floor3_east', action: 'monitor' }, { identity_type: 'device', action: 'block', destination: '*.tracker.example' }],
    }, ctx('policy:write'));
    expect(p.policy_id).toMatch(/^pol_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(p).toMatchObject({ kind: 'custom', enabled: true, status: 'active', version: 1, created_by: { type: 'mcp_agent', id: AGENT.id, name: 'claude-desktop' } });
    expect(p.rules[1]).toEqual({ identity_type: 'device', identity_id: null, action: 'block', destination: '*.tracker.example' });
    const u1 = call(engine, 'policy.update', { policy_id: p.policy_id, rules: [{ identity_type: 'device', identity_id: 'dev_camera_floor3_east', action: 'block', destination: '8.8.8.8' }], reason: 'tighter' }, ctx('policy:write'));
    expect(u1).toMatchObject({ version: 2, changed: true });
    const u2 = call(engine, 'policy.update', { policy_id: p.policy_id, enabled: false, reason: 'maintenance window' });
    expect(u2).toMatchObject({ version: 3, enabled: false, status: 'disabled' });
    expect(call(engine, 'policy.update', { policy_id: p.policy_id, enabled: false })).toMatchObject({ version: 3, changed: false });
    const got = call(engine, 'policy.get', { policy_id: p.policy_id }, ctx('policy:read'));
    expect(got.history.map((h: { version: number; change: string; reason: string | null; enabled: boolean }) => [h.version, h.change, h.reason, h.enabled]))
      .toEqual([[3, 'disabled', 'maintenance window', false], [2, 'updated', 'tighter', true], [1, 'created', null, true]]);
    expect(got.history[2].rules).toHaveLength(2);
    expect(got.history[1].rules).toEqual([{ identity_type: 'device', identity_id: 'dev_camera_floor3_east', action: 'block', destination: '8.8.8.8' }]);
    call(engine, 'policy.blockDestination', { destination: '203.0.113.9' });
    expect(call(engine, 'policy.list', {}).total).toBe(2);
    expect(call(engine, 'policy.list', { status: 'active' }).policies.map((x: { policy_id: string }) => x.policy_id)).toEqual(['pol_block_203_0_113_9']);
    expect(call(engine, 'policy.list', { identity_id: 'dev_camera_floor3_east' }).policies.map((x: { policy_id: string }) => x.policy_id)).toEqual([p.policy_id]);
    expect(call(engine, 'policy.list', { kind: 'custom', search: 'management' }).total).toBe(1);
    expect(policyEvents(engine).map((e) => e.action)).toEqual(['create_policy', 'update_policy', 'update_policy', 'block_destination']);
  });

  it('update_policy leaves system-made quarantines and suspensions to their tools, and a block\'s rules to block_destination', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const iso1 = call(engine, 'policy.isolateDevice', { device_id: 'dev_workstation_tom_b' });
    expect(() => call(engine, 'policy.update', { policy_id: iso1.policy_id, enabled: false })).toThrow(/isolate_device \/ release_device/);
    const b = call(engine, 'policy.blockDestination', { destination: '198.51.100.7' });
    expect(() => call(engine, 'policy.update', { policy_id: b.policy_id, rules: [{ action: 'block', destination: '1.1.1.1' }] })).toThrow(/only enabled can be changed/);
    expect(call(engine, 'policy.update', { policy_id: b.policy_id, enabled: false, reason: 'false positive' })).toMatchObject({ enabled: false, version: 2 });
    expect(engine.intel.lookup('198.51.100.7').blocked_in_fleet).toBe(false);
  });
});
