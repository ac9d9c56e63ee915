// policy.whatIf: the decision now beside the decision with a draft policy, for a new draft and for a draft
// that replaces or disables a stored policy; a bad draft is refused naming the rule's field, and nothing
// is ever written.
import { afterAll, describe, expect, it } from 'vitest';
import { call, openFleet, snapshot } from './helpers';

const fleet = openFleet();
const { engine } = fleet;
afterAll(() => engine.close());
const TOM = 'dev_workstation_tom_b';
const SARAH = 'dev_workstation_sarah_k';
const whatIf = (identity_id: string, destination: string, draft: unknown) => call(engine, 'policy.whatIf', { identity_type: 'device', identity_id, destination, draft });

describe('policy.whatIf', () => {
  it('shows a new block draft deciding for the device it names, and nobody else, without saving it', () => {
    const before = snapshot(engine);
    const r = whatIf(TOM, '203.0.113.9', { rules: [{ identity_type: 'device', identity_id: TOM, action: 'block', destination: '203.0.113.0/24' }] });
    expect(r.current).toMatchObject({ decision: 'allow', deciding_policy_id: null });
    expect(r.with_draft).toMatchObject({ decision: 'block', deciding_policy_id: 'draft', deciding_rule: { rule_index: 0, destination: '203.0.113.0/24' } });
    expect(r.changed).toBe(true);
    expect(whatIf(SARAH, '203.0.113.9', { rules: [{ identity_type: 'device', identity_id: TOM, action: 'block', destination: '203.0.113.0/24' }] }).changed).toBe(false);
    expect(snapshot(engine)).toEqual(before);
  });

  it('replaces a stored policy by the draft, or takes it out when the draft disables it', () => {
    const p = call(engine, 'policy.create', { name: 'block test net', rules: [{ identity_type: 'device', identity_id: SARAH, action: 'block', destination: '198.51.100.0/24' }] });
    expect(whatIf(SARAH, '198.51.100.7', { policy_id: p.policy_id, rules: [{ identity_type: 'device', identity_id: SARAH, action: 'monitor', destination: '198.51.100.0/24' }] })).toMatchObject({
      current: { decision: 'block', deciding_policy_id: p.policy_id },
      with_draft: { decision: 'monitor', deciding_policy_id: p.policy_id },
      changed: true,
    });
    expect(whatIf(SARAH, '198.51.100.7', { policy_id: p.policy_id, enabled: false, rules: [{ identity_type: 'device', identity_id: SARAH, action: 'block', destination: '198.51.100.0/24' }] }).with_draft).toMatchObject({ decision: 'allow', deciding_policy_id: null });
  });

  it('refuses a bad CIDR or an unknown device naming the rule field, as create does', () => {
    expect(() => whatIf(TOM, '1.2.3.4', { rules: [{ identity_type: 'device', identity_id: TOM, action: 'block', destination: '10.0.0.0/33' }] })).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'rules[0].destination' }));
    expect(() => whatIf(TOM, '1.2.3.4', { rules: [{ action: 'block', destination: '1.2.3.4' }, { identity_type: 'device', identity_id: 'dev_nope', action: 'block', destination: '1.2.3.4' }] })).toThrow(expect.objectContaining({ code: 'not_found', field: 'rules[1].identity_id' }));
    expect(() => whatIf(TOM, '1.2.3.4', { policy_id: 'pol_nope', rules: [{ action: 'block', destination: '1.2.3.4' }] })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
