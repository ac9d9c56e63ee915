// Guard rails on policy: a rule names an identity or a destination, a change that would block all traffic
// of the whole fleet (or of every identity of a kind) is refused naming the field and changes nothing, and
// every policy change reports its blast radius (devices, users, workloads) in its result and audit entry.
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../../src-main/engine/errors';
import { auditRows, call, openFleet, snapshot, type Fleet } from './helpers';

let fleet: Fleet;
afterEach(() => fleet?.engine.close());

const SARAH = 'dev_workstation_sarah_k';
const TOM = 'dev_workstation_tom_b';
const CAMERA = 'dev_camera_floor3_east';

function refused(f: Fleet, op: string, input: object): UserError {
  const before = snapshot(f.engine);
  let error: unknown;
  try {
    call(f.engine, op, input);
  } catch (e) {
    error = e;
  }
  expect(error, 'the call must be refused').toBeInstanceOf(UserError);
  expect(snapshot(f.engine), 'a refused call changes nothing').toEqual(before);
  return error as UserError;
}

const radius = (devices: number, users: number, workloads = 0, fleet_wide = false) => ({ devices, users, workloads, fleet_wide });

describe('policy guard rails', () => {
  it('refuses the catch-all block (the one call that blocked the whole fleet), naming the field', () => {
    fleet = openFleet();
    const err = refused(fleet, 'policy.create', { name: 'r1', rules: [{ action: 'block' }] });
    expect(err.code).toBe('invalid_input');
    expect(err.field).toBe('rules[0]');
    expect(err.message).toBe('rules[0]: a rule must name an identity (identity_type, with identity_id for one) or a destination; this block rule would apply to every identity and every destination');
    for (const [type, id] of [['device', SARAH], ['user', 'sarah.k@acmecorp.com'], ['workload', 'wl_api'], ['app', 'slack']]) {
      expect(call(fleet.engine, 'policy.evaluateAccess', { identity_type: type, identity_id: id, destination: 'example.com' }).decision, type).toBe('allow');
    }
  });

  it('refuses a block of every destination for every identity of a kind, and a rule that names nothing', () => {
    fleet = openFleet();
    for (const type of ['device', 'user', 'workload', 'app']) {
      const err = refused(fleet, 'policy.create', { name: 'wide', rules: [{ identity_type: 'device', identity_id: TOM, action: 'monitor' }, { identity_type: type, action: 'block' }] });
      expect(err.field, type).toBe('rules[1].destination');
      expect(err.message, type).toBe(`rules[1].destination: a block with no destination for every ${type} would block all traffic for the whole fleet; name a destination, or one ${type} in identity_id (suspend_user and isolate_device cut off one identity)`);
    }
    for (const action of ['allow', 'monitor', 'require_mfa']) expect(refused(fleet, 'policy.create', { name: 'x', rules: [{ action }] }).field).toBe('rules[0]');
    // Still accepted: a type-wide rule that is not a total block, a fleet block of one destination, one identity cut off.
    expect(call(fleet.engine, 'policy.create', { name: 'MFA for everyone', rules: [{ identity_type: 'user', action: 'require_mfa' }] }).blast_radius).toEqual(radius(1, 2));
    expect(call(fleet.engine, 'policy.create', { name: 'C2', rules: [{ action: 'block', destination: '185.234.0.0/16' }] }).blast_radius).toEqual(radius(3, 2, 1, true));
    expect(call(fleet.engine, 'policy.create', { name: 'Tom out', rules: [{ identity_type: 'device', identity_id: TOM, action: 'block' }] }).blast_radius).toEqual(radius(1, 0));
  });

  it('applies the same rails to update_policy, and never switches a stored fleet-wide block on again', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const p = call(engine, 'policy.create', { name: 'p', rules: [{ action: 'block', destination: 'evil.example' }] });
    expect(refused(fleet, 'policy.update', { policy_id: p.policy_id, rules: [{ action: 'block' }] }).field).toBe('rules[0]');
    expect(refused(fleet, 'policy.update', { policy_id: p.policy_id, rules: [{ identity_type: 'user', action: 'block' }] }).field).toBe('rules[0].destination');
    // A policy written before the rails existed (straight through the store), stored disabled.
    const legacy = engine.db.transaction(() => engine.policy.store.insert({ id: 'pol_legacy', name: 'legacy', description: null, kind: 'custom', natural_key: null, enabled: false, rules: [{ identity_type: null, identity_id: null, action: 'block', destination: null }], expires_at: null }, 'created', null, { type: 'system', id: 'test' }, Date.now()))();
    const err = refused(fleet, 'policy.update', { policy_id: legacy.id, enabled: true });
    expect(err.field).toBe('enabled');
    expect(err.message).toMatch(/^enabled: pol_legacy rules\[0\]: a block with no destination for every identity would block all traffic for the whole fleet/);
    // Replacing its rules is how it comes back.
    expect(call(engine, 'policy.update', { policy_id: legacy.id, enabled: true, rules: [{ action: 'block', destination: 'evil.example' }] })).toMatchObject({ status: 'active', changed: true, blast_radius: radius(3, 2, 1, true) });
  });
});

describe('blast radius', () => {
  it('every policy change reports how many devices, users and workloads it affects, in its result and its audit entry', () => {
    fleet = openFleet();
    const { engine } = fleet;
    const detail = (action: string) => JSON.parse(auditRows(engine, action).at(-1)!.detail!).blast_radius;
    const steps: [string, object, ReturnType<typeof radius>][] = [
      // Sarah is the active user of her workstation; Tom has none; the camera has none.
      ['policy.isolateDevice', { device_id: SARAH }, radius(1, 1)],
      ['policy.releaseDevice', { device_id: SARAH }, radius(1, 1)],
      ['policy.isolateDevice', { device_id: CAMERA }, radius(1, 0)],
      ['policy.blockDestination', { destination: '185.234.0.0/16' }, radius(3, 2, 1, true)],
      ['policy.blockDestination', { destination: 'evil.example', scope: 'device', scope_id: TOM }, radius(1, 0)],
      ['policy.allowDestination', { destination: 'evil.example', scope_id: 'sarah.k@acmecorp.com' }, radius(1, 1)],
      ['policy.suspendUser', { user_id: 'sarah.k@acmecorp.com' }, radius(1, 1)],
      ['policy.restoreUser', { user_id: 'sarah.k@acmecorp.com' }, radius(1, 1)],
      ['policy.suspendUser', { user_id: 'tom.b@acmecorp.com' }, radius(0, 1)],
      ['policy.create', { name: 'watch', rules: [{ identity_type: 'device', identity_id: TOM, action: 'monitor' }, { identity_type: 'workload', identity_id: 'wl_api', action: 'monitor' }] }, radius(1, 0, 1)],
    ];
    for (const [op, input, expected] of steps) {
      expect(call(engine, op, input).blast_radius, op).toEqual(expected);
      expect(detail(op), op).toEqual(expected);
    }
    // An update counts the rules it replaces and the new ones; a repeat that changes nothing still says whom the policy reaches.
    const watch = call(engine, 'policy.list', { search: 'watch' }).policies[0];
    expect(call(engine, 'policy.update', { policy_id: watch.policy_id, rules: [{ identity_type: 'user', identity_id: 'sarah.k@acmecorp.com', action: 'monitor' }] }).blast_radius).toEqual(radius(2, 1, 1));
    expect(call(engine, 'policy.update', { policy_id: watch.policy_id, enabled: true })).toMatchObject({ changed: false, blast_radius: radius(1, 1) });
    expect(detail('policy.update')).toEqual(radius(1, 1));
    expect(call(engine, 'policy.isolateDevice', { device_id: CAMERA })).toMatchObject({ status: 'already_isolated', blast_radius: radius(1, 0) });
    // The policy event and the enforcement payload carry it too.
    const last = engine.events.read(0, { limit: 1000, filter: { event_type: 'policy' } }).events.at(-1)!;
    expect((last.data as { target: { blast_radius: unknown } }).target.blast_radius).toEqual(radius(2, 1, 1));
  });
});
