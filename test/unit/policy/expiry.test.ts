// Expiry on the injected clock: a block stops deciding the moment its expires_at passes (reads and
// decisions compare with the clock), and sweepExpired records it as an audited system action with a
// `policy` event and a new disabled version. A suspension with expires_at restores the same way.
import { afterEach, describe, expect, it } from 'vitest';
import { auditRows, call, HOUR, ingest, iso, MIN, openFleet, policyEvents, T0, type Fleet } from './helpers';

let fleet: Fleet;
afterEach(() => fleet?.engine.close());

describe('expiry', () => {
  it('a block expires on time: decisions, threat context and status follow the clock; the sweep records it once', () => {
    fleet = openFleet();
    const { engine, clock } = fleet;
    const b = call(engine, 'policy.blockDestination', { destination: '203.0.113.0/24', expires_at: iso(T0 + 2 * HOUR), reason: 'temporary' });
    const ask = () => call(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: 'dev_workstation_tom_b', destination: '203.0.113.77' }).decision;
    expect(ask()).toBe('block');
    expect(engine.intel.lookup('203.0.113.77').block_policy_id).toBe(b.policy_id);
    expect(engine.policy.sweepExpired()).toEqual([]);

    clock.set(T0 + 2 * HOUR - 1);
    expect(ask()).toBe('block');
    clock.set(T0 + 2 * HOUR);
    // Past expires_at, before any sweep: nothing decides by it any more.
    expect(ask()).toBe('allow');
    expect(engine.intel.lookup('203.0.113.77').blocked_in_fleet).toBe(false);
    expect(call(engine, 'policy.get', { policy_id: b.policy_id })).toMatchObject({ status: 'expired', enabled: true, version: 1 });
    expect(call(engine, 'policy.list', { status: 'expired' }).total).toBe(1);
    expect(call(engine, 'policy.list', { status: 'active' }).total).toBe(0);

    clock.advance(5 * MIN);
    expect(engine.policy.sweepExpired()).toEqual([{ policy_id: b.policy_id, version: 2, expired_at: iso(T0 + 2 * HOUR) }]);
    expect(engine.policy.sweepExpired()).toEqual([]);
    const got = call(engine, 'policy.get', { policy_id: b.policy_id });
    expect(got).toMatchObject({ status: 'expired', enabled: false, version: 2 });
    expect(got.history[0]).toMatchObject({ change: 'expired', enabled: false, reason: `expired at ${iso(T0 + 2 * HOUR)}`, actor: { type: 'system', id: 'policy-expiry', name: null } });
    const audit = auditRows(engine, 'policy.expire');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'system', actor_id: 'policy-expiry', outcome: 'ok' });
    expect(policyEvents(engine).map((e) => e.action)).toEqual(['block_destination', 'expire']);
    // An expired block cannot be switched back on by update_policy: block again with a new expiry.
    expect(() => call(engine, 'policy.update', { policy_id: b.policy_id, enabled: true })).toThrow(/expired at .* block_destination again/);
    expect(call(engine, 'policy.blockDestination', { destination: '203.0.113.0/24', expires_at: iso(T0 + 5 * HOUR) })).toMatchObject({ status: 'blocked', version: 3 });
    expect(ask()).toBe('block');
  });

  it('a suspension with expires_at restores the user on time', () => {
    fleet = openFleet();
    const { engine, clock } = fleet;
    const s = call(engine, 'policy.suspendUser', { user_id: 'sarah.k@acmecorp.com', expires_at: iso(T0 + 30 * MIN) });
    const ask = () => call(engine, 'policy.evaluateAccess', { identity_type: 'user', identity_id: 'sarah.k@acmecorp.com', destination: 'mail.acmecorp.com' }).decision;
    expect(ask()).toBe('block');
    clock.advance(31 * MIN);
    expect(ask()).toBe('allow');
    expect(call(engine, 'policy.restoreUser', { user_id: 'sarah.k@acmecorp.com' }).status).toBe('not_suspended');
    expect(engine.policy.sweepExpired().map((x) => x.policy_id)).toEqual([s.policy_id]);
    const [, expired] = policyEvents(engine);
    expect(expired).toMatchObject({ action: 'expire', policy_id: s.policy_id, entity_id: 'sarah.k@acmecorp.com' });
  });

  it('startBackground sweeps at once and on its period (the engine\'s clock, advanced)', () => {
    fleet = openFleet();
    const { engine, clock } = fleet;
    call(engine, 'policy.blockDestination', { destination: '198.51.100.1', expires_at: iso(T0 + MIN) });
    clock.advance(2 * MIN);
    engine.policy.startBackground(MIN);
    expect(auditRows(engine, 'policy.expire')).toHaveLength(1);
    call(engine, 'policy.blockDestination', { destination: '198.51.100.2', expires_at: iso(clock.now() + MIN / 2) });
    clock.advance(MIN - 1);
    expect(auditRows(engine, 'policy.expire')).toHaveLength(1);
    clock.advance(1);
    expect(auditRows(engine, 'policy.expire')).toHaveLength(2);
    engine.policy.close();
    call(engine, 'policy.blockDestination', { destination: '198.51.100.3', expires_at: iso(clock.now() + MIN / 2) });
    clock.advance(2 * MIN);
    expect(auditRows(engine, 'policy.expire')).toHaveLength(2);
  });
});

describe('a renewed block', () => {
  it('counts traffic from its renewal, not during the gap after it expired', () => {
    fleet = openFleet();
    const { engine, clock } = fleet;
    call(engine, 'policy.blockDestination', { destination: '203.0.113.9', expires_at: iso(T0 + HOUR) });
    clock.set(T0 + 3 * HOUR);
    const renewed = call(engine, 'policy.blockDestination', { destination: '203.0.113.9' });
    expect(renewed).toMatchObject({ status: 'blocked', version: 2, expires_at: null });
    const flow = (ts: number) => ({ ts, kind: 'flow' as const, src_ip: '10.0.1.21', dst_ip: '203.0.113.9', dst_port: 443, proto: 'tcp' });
    ingest(engine, [flow(T0 + 30 * MIN), flow(T0 + 2 * HOUR), flow(T0 + 3 * HOUR + MIN)]);
    // The first was in force under version 1 but that window is over; the gap is not a violation; the last is.
    expect(engine.db.prepare('SELECT ts FROM policy_violations').pluck().all()).toEqual([T0 + 3 * HOUR + MIN]);
  });
});
