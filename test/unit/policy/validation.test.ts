// Refused input: unknown devices and users, bad destinations, expiries in the past or unparsable,
// missing or stray scope ids, bad rules. Each error names the field and the value, and not one row of
// any table the policy domain writes (audit and event log included) changes.
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src-main/engine/errors';
import { auditHead, call, refusalsSince, HOUR, iso, openFleet, snapshot, T0 } from './helpers';

const fleet = openFleet();
afterAll(() => fleet.engine.close());
// Some state to keep: a block, a quarantine, a custom policy.
call(fleet.engine, 'policy.blockDestination', { destination: '185.234.0.0/16' });
call(fleet.engine, 'policy.isolateDevice', { device_id: 'dev_camera_floor3_east' });
const custom = call(fleet.engine, 'policy.create', { name: 'x', rules: [{ action: 'monitor', destination: 'example.com' }] });

const cases: [string, string, Record<string, unknown>, string, RegExp][] = [
  ['unknown device (isolate)', 'policy.isolateDevice', { device_id: 'dev_nope' }, 'not_found', /unknown device 'dev_nope'/],
  ['unknown device (release)', 'policy.releaseDevice', { device_id: 'dev_nope' }, 'not_found', /unknown device 'dev_nope'/],
  ['unknown user (suspend)', 'policy.suspendUser', { user_id: 'eve@example.com' }, 'not_found', /unknown user 'eve@example.com'/],
  ['unknown user (restore)', 'policy.restoreUser', { user_id: 'eve@example.com' }, 'not_found', /unknown user 'eve@example.com'/],
  ['unknown device scope', 'policy.blockDestination', { destination: '1.2.3.4', scope: 'device', scope_id: 'dev_nope' }, 'not_found', /unknown device 'dev_nope'/],
  ['unknown user scope', 'policy.blockDestination', { destination: '1.2.3.4', scope: 'user', scope_id: 'eve@example.com' }, 'not_found', /unknown user 'eve@example.com'/],
  ['unknown allow scope id', 'policy.allowDestination', { destination: '1.2.3.4', scope_id: 'ghost' }, 'not_found', /unknown device or user 'ghost'/],
  ['bad IPv4', 'policy.blockDestination', { destination: '256.1.1.1' }, 'invalid_input', /^destination: '256\.1\.1\.1' is not .*not a valid IPv4 address/],
  ['bad CIDR prefix', 'policy.blockDestination', { destination: '10.0.0.0/33' }, 'invalid_input', /^destination: .*prefix \/33 is longer than 32 bits/],
  ['CIDR too broad', 'policy.blockDestination', { destination: '0.0.0.0/0' }, 'invalid_input', /^destination: .*broader than \/8/],
  ['bad domain pattern', 'policy.blockDestination', { destination: 'evil.*.ru' }, 'invalid_input', /^destination: 'evil\.\*\.ru' .*wildcards are only supported as a leading/],
  ['single label', 'policy.blockDestination', { destination: 'localhost' }, 'invalid_input', /^destination: 'localhost' is not .*two labels/],
  ['hash is not a destination', 'policy.blockDestination', { destination: 'd41d8cd98f00b204e9800998ecf8427e' }, 'invalid_input', /^destination: .*MD5 hash, not an IP address, CIDR range/],
  ['URL is not a destination', 'policy.allowDestination', { destination: 'https://evil.ru/x', scope_id: 'dev_workstation_tom_b' }, 'invalid_input', /^destination: .*a URL/],
  ['expiry in the past', 'policy.blockDestination', { destination: '1.2.3.4', expires_at: iso(T0 - HOUR) }, 'invalid_input', /^expires_at: '2026-05-21T08:00:00.000Z' is not in the future \(now is 2026-05-21T09:00:00.000Z\)/],
  ['expiry now', 'policy.suspendUser', { user_id: 'tom.b@acmecorp.com', expires_at: iso(T0) }, 'invalid_input', /^expires_at: .* is not in the future/],
  ['expiry unparsable', 'policy.blockDestination', { destination: '1.2.3.4', expires_at: 'tomorrow' }, 'invalid_input', /^expires_at: 'tomorrow' is not an ISO 8601 timestamp/],
  ['expiry without zone', 'policy.suspendUser', { user_id: 'tom.b@acmecorp.com', expires_at: '2026-06-01T10:00:00' }, 'invalid_input', /^expires_at: .*add a time zone/],
  ['expiry impossible date', 'policy.blockDestination', { destination: '1.2.3.4', expires_at: '2026-02-30T00:00:00Z' }, 'invalid_input', /^expires_at: '2026-02-30T00:00:00Z' is not a valid date/],
  ['scope_id missing', 'policy.blockDestination', { destination: '1.2.3.4', scope: 'device' }, 'invalid_input', /^scope_id: required when scope is 'device'/],
  ['scope_id stray', 'policy.blockDestination', { destination: '1.2.3.4', scope_id: 'dev_workstation_tom_b' }, 'invalid_input', /^scope_id: only applies when scope is 'device' or 'user'/],
  ['bad scope enum', 'policy.blockDestination', { destination: '1.2.3.4', scope: 'site' }, 'invalid_input', /^scope: /],
  ['rule without action', 'policy.create', { name: 'x', rules: [{ destination: '1.2.3.4' }] }, 'invalid_input', /^rules\[0\]\.action: required/],
  ['rule with bad destination', 'policy.create', { name: 'x', rules: [{ identity_type: 'user', action: 'allow' }, { action: 'block', destination: '1.2.3' }] }, 'invalid_input', /^rules\[1\]\.destination: '1\.2\.3' is not/],
  ['rule with unknown identity', 'policy.create', { name: 'x', rules: [{ identity_type: 'user', identity_id: 'eve@example.com', action: 'block' }] }, 'not_found', /^rules\[0\]\.identity_id: unknown user 'eve@example.com'/],
  ['rule id without type', 'policy.create', { name: 'x', rules: [{ identity_id: 'dev_workstation_tom_b', action: 'block' }] }, 'invalid_input', /^rules\[0\]\.identity_type: required with identity_id/],
  ['isolate rule with destination', 'policy.create', { name: 'x', rules: [{ identity_type: 'device', identity_id: 'dev_workstation_tom_b', action: 'isolate', destination: '1.2.3.4' }] }, 'invalid_input', /^rules\[0\]\.destination: an isolate rule cuts every destination/],
  ['isolate rule for a user', 'policy.create', { name: 'x', rules: [{ identity_type: 'user', identity_id: 'tom.b@acmecorp.com', action: 'isolate' }] }, 'invalid_input', /^rules\[0\]\.identity_id: an isolate rule names one device or workload/],
  ['no rules', 'policy.create', { name: 'x', rules: [] }, 'invalid_input', /^rules: give at least one rule/],
  ['unknown policy', 'policy.update', { policy_id: 'pol_nope', enabled: false }, 'not_found', /unknown policy 'pol_nope'/],
  ['empty update', 'policy.update', { policy_id: custom.policy_id }, 'invalid_input', /nothing to update/],
  ['bad update rules', 'policy.update', { policy_id: custom.policy_id, rules: [{ action: 'block', destination: '*.' }] }, 'invalid_input', /^rules\[0\]\.destination: /],
  ['evaluate: unknown identity', 'policy.evaluateAccess', { identity_type: 'device', identity_id: 'dev_nope', destination: '1.2.3.4' }, 'not_found', /unknown device 'dev_nope'/],
  ['evaluate: a range', 'policy.evaluateAccess', { identity_type: 'app', identity_id: 'slack', destination: '10.0.0.0/8' }, 'invalid_input', /^destination: '10\.0\.0\.0\/8' is a range/],
  ['get unknown', 'policy.get', { policy_id: 'pol_missing' }, 'not_found', /unknown policy 'pol_missing'/],
];

describe('policy input validation', () => {
  it.each(cases)('%s: a clear error naming the field, and nothing changed', (_name, op, input, code, message) => {
    const before = snapshot(fleet.engine);
    const head = auditHead(fleet.engine);
    let error: UserError | undefined;
    try {
      call(fleet.engine, op, input);
    } catch (e) {
      error = e as UserError;
    }
    expect(error, 'the call must be refused').toBeInstanceOf(UserError);
    expect(error!.code).toBe(code);
    expect(error!.message).toMatch(message);
    expect(snapshot(fleet.engine)).toEqual(before);
    // The refusal itself is on the record, and nothing else is.
    expect(refusalsSince(fleet.engine, head)).toEqual([{ action: op, outcome: code === 'forbidden' ? 'denied' : 'error', code }]);
  });

  it('accepts what the spec shows: a future ISO expiry with a zone, a CIDR, a *.pattern', () => {
    expect(call(fleet.engine, 'policy.blockDestination', { destination: '*.attacker-domain.ru', expires_at: '2026-05-22T09:00:00+02:00' }).expires_at).toBe('2026-05-22T07:00:00.000Z');
    expect(call(fleet.engine, 'policy.blockDestination', { destination: 'evil.example', expires_at: '2026-06-01' }).expires_at).toBe('2026-06-01T00:00:00.000Z');
  });
});
