// evaluate_access precedence: isolation > allow exception > block (most specific identity, then most
// specific destination) > require_mfa > monitor > default allow; the deciding rule and every rule
// considered; a device evaluated with its active user.
import { afterAll, describe, expect, it } from 'vitest';
import { call, openFleet } from './helpers';

const fleet = openFleet();
const { engine } = fleet;
afterAll(() => engine.close());
const TOM = 'dev_workstation_tom_b';
const SARAH = 'dev_workstation_sarah_k';
const ask = (identity_type: string, identity_id: string, destination: string, port?: number) =>
  call(engine, 'policy.evaluateAccess', { identity_type, identity_id, destination, ...(port !== undefined ? { port } : {}) });

describe('evaluate_access', () => {
  it('allows by default, saying no rule applies', () => {
    expect(ask('device', TOM, 'example.com')).toMatchObject({ decision: 'allow', deciding_policy_id: null, deciding_rule: null, considered: [], reason: 'no active rule applies: allowed by default' });
  });

  const fleetBlock = call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16' });
  const narrow = call(engine, 'policy.blockDestination', { destination: '185.234.47.0/24' });
  const exact = call(engine, 'policy.blockDestination', { destination: '185.234.47.21', scope: 'device', scope_id: TOM });
  const pattern = call(engine, 'policy.blockDestination', { destination: '*.attacker-domain.ru' });

  it('a block decides; the most specific identity, then destination, is the deciding rule', () => {
    const r = ask('device', TOM, '185.234.47.21');
    expect(r).toMatchObject({ decision: 'block', deciding_policy_id: exact.policy_id, destination: '185.234.47.21' });
    expect(r.considered.map((c: { policy_id: string }) => c.policy_id)).toEqual([exact.policy_id, narrow.policy_id, fleetBlock.policy_id]);
    expect(r.considered[0].applies_to).toBe(`device:${TOM}`);
    expect(ask('device', SARAH, '185.234.47.21').deciding_policy_id).toBe(narrow.policy_id);
    expect(ask('device', SARAH, '185.234.1.1').deciding_policy_id).toBe(fleetBlock.policy_id);
    expect(ask('workload', 'wl_api', '185.234.200.1').decision).toBe('block');
    expect(ask('device', SARAH, '185.235.0.1').decision).toBe('allow');
  });

  it('a *.pattern covers names below it, not the name itself', () => {
    expect(ask('user', 'tom.b@acmecorp.com', 'c2.eu.attacker-domain.ru')).toMatchObject({ decision: 'block', deciding_policy_id: pattern.policy_id });
    expect(ask('user', 'tom.b@acmecorp.com', 'attacker-domain.ru').decision).toBe('allow');
    expect(ask('user', 'tom.b@acmecorp.com', 'ATTACKER-domain.ru.').decision).toBe('allow');
  });

  it('an allow exception beats every block for its device or user, and nobody else', () => {
    const allow = call(engine, 'policy.allowDestination', { destination: '185.234.47.21', scope: 'device', scope_id: TOM });
    const r = ask('device', TOM, '185.234.47.21');
    expect(r).toMatchObject({ decision: 'allow', deciding_policy_id: allow.policy_id });
    expect(r.reason).toMatch(/overrides 3 block rules/);
    expect(ask('device', SARAH, '185.234.47.21').decision).toBe('block');
    // Sarah's exception follows her onto her workstation (she is its active user).
    call(engine, 'policy.allowDestination', { destination: '185.234.0.0/16', scope: 'user', scope_id: 'sarah.k@acmecorp.com' });
    const s = ask('device', SARAH, '185.234.47.21');
    expect(s.decision).toBe('allow');
    expect(s.identities).toEqual([`device:${SARAH}`, 'user:sarah.k@acmecorp.com']);
  });

  it('isolation beats an allow exception; the management path stays reachable', () => {
    engine.policy.setManagementPath({ scope: 'device', scope_id: TOM, destinations: ['10.0.2.5'], clear: false }, { type: 'analyst', id: 'ana' });
    const q = call(engine, 'policy.isolateDevice', { device_id: TOM });
    const r = ask('device', TOM, '185.234.47.21');
    expect(r).toMatchObject({ decision: 'isolate', deciding_policy_id: q.policy_id });
    expect(r.reason).toContain('only its management path (10.0.2.5) is reachable');
    expect(r.considered[0].action).toBe('isolate');
    expect(ask('device', TOM, '10.0.2.5', 443)).toMatchObject({ decision: 'allow', deciding_policy_id: q.policy_id });
    expect(ask('device', TOM, '10.0.2.5', 443).reason).toMatch(/management path .*\(port 443: rules constrain addresses and names, not ports\)/);
    call(engine, 'policy.releaseDevice', { device_id: TOM });
    expect(ask('device', TOM, '185.234.47.21').decision).toBe('allow');
  });

  it('require_mfa and monitor apply when nothing blocks; a block beats both', () => {
    const p = call(engine, 'policy.create', {
      name: 'Sensitive apps',
      rules: [
        { identity_type: 'user', action: 'require_mfa', destination: 'payroll' },
        { action: 'monitor', destination: 'payroll' },
        { identity_type: 'user', identity_id: 'tom.b@acmecorp.com', action: 'block', destination: 'payroll' },
        { identity_type: 'app', identity_id: 'zoom', action: 'monitor' },
      ],
    });
    expect(ask('user', 'sarah.k@acmecorp.com', 'payroll')).toMatchObject({ decision: 'require_mfa', deciding_rule: { policy_id: p.policy_id, rule_index: 0, identity_type: 'user', identity_id: null } });
    expect(ask('device', 'dev_camera_floor3_east', 'payroll')).toMatchObject({ decision: 'monitor', deciding_rule: { rule_index: 1 } });
    expect(ask('user', 'tom.b@acmecorp.com', 'payroll')).toMatchObject({ decision: 'block', deciding_rule: { rule_index: 2 } });
    expect(ask('app', 'zoom', 'zoom.us')).toMatchObject({ decision: 'monitor', deciding_rule: { rule_index: 3 } });
    expect(ask('app', 'slack', 'zoom.us').decision).toBe('allow');
  });

  it('a disabled policy decides nothing', () => {
    call(engine, 'policy.update', { policy_id: fleetBlock.policy_id, enabled: false });
    expect(ask('device', SARAH, '185.234.1.1').decision).toBe('allow');
  });
});
