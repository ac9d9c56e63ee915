// get_threat_context reports blocked_in_fleet / block_policy_id through the intel block-resolver seam:
// the most specific active fleet-wide block covering the indicator, whatever its form.
import { afterAll, describe, expect, it } from 'vitest';
import { call, HOUR, iso, openFleet, T0 } from './helpers';

const { engine, clock } = openFleet();
afterAll(() => engine.close());
const wide = call(engine, 'policy.blockDestination', { destination: '185.234.0.0/16', reason: 'C2 infrastructure' }).policy_id;
const exact = call(engine, 'policy.blockDestination', { destination: '185.234.47.21' }).policy_id;
const pattern = call(engine, 'policy.blockDestination', { destination: '*.attacker-domain.ru' }).policy_id;
const v6 = call(engine, 'policy.blockDestination', { destination: '2001:db8:bad::/48', expires_at: iso(T0 + HOUR) }).policy_id;
call(engine, 'policy.blockDestination', { destination: 'only-tom.example', scope: 'device', scope_id: 'dev_workstation_tom_b' });
const lookup = (indicator: string) => {
  const c = engine.intel.lookup(indicator);
  return [c.blocked_in_fleet, c.block_policy_id];
};

describe('threat context of blocked destinations', () => {
  it('names the most specific fleet block covering an address, range, name or pattern', () => {
    expect(lookup('185.234.47.21')).toEqual([true, exact]);
    expect(lookup('185.234.47.22')).toEqual([true, wide]);
    expect(lookup('185.234.47.0/24')).toEqual([true, wide]);
    expect(lookup('185.235.0.1')).toEqual([false, null]);
    expect(lookup('c2.attacker-domain.ru')).toEqual([true, pattern]);
    expect(lookup('*.eu.attacker-domain.ru')).toEqual([true, pattern]);
    expect(lookup('attacker-domain.ru')).toEqual([false, null]);
    expect(lookup('hxxps://c2[.]attacker-domain[.]ru/gate.php')).toEqual([true, pattern]);
    expect(lookup('2001:db8:bad::17')).toEqual([true, v6]);
    expect(lookup('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toEqual([false, null]);
  });

  it('a device-scoped block is not a fleet block; an expired one is none', () => {
    expect(lookup('only-tom.example')).toEqual([false, null]);
    clock.set(T0 + HOUR);
    expect(lookup('2001:db8:bad::17')).toEqual([false, null]);
  });

  it('through dispatch, as get_threat_context', () => {
    expect(call(engine, 'intel.lookup', { indicator: '185.234.47.21' })).toMatchObject({ indicator: '185.234.47.21', type: 'ip', blocked_in_fleet: true, block_policy_id: exact });
  });
});
