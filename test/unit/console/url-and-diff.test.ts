// The console's pure pieces: reading its address (#/<screen>/<record>?…) and the diff between two
// policy versions that the policy history shows.
import { describe, expect, it } from 'vitest';
import type { PolicyVersion } from '@shared/contract/operations/policy-schemas';
import { parseHash } from '../../../src-renderer/store/url-hash';
import { diffVersions, ruleText } from '../../../src-renderer/views/policies/policy-text';

const known = (r: string) => ['incidents', 'devices', 'events', 'policies'].includes(r);

describe('console address', () => {
  it('reads the screen and the open record, decoded, and ignores a screen query and unknown screens', () => {
    expect(parseHash('#/incidents/inc_01ABC', known)).toEqual({ route: 'incidents', item: 'inc_01ABC' });
    expect(parseHash('#/devices/dev%2Fodd%20id', known)).toEqual({ route: 'devices', item: 'dev/odd id' });
    expect(parseHash('#/events?ids=1,2', known)).toEqual({ route: 'events', item: null });
    expect(parseHash('#/devices', known)).toEqual({ route: 'devices', item: null });
    expect(parseHash('#/nowhere/x', known)).toBeNull();
    expect(parseHash('#token=abc', known)).toBeNull();
    expect(parseHash('#/devices/%E0%A4%A', known)).toEqual({ route: 'devices', item: null });
  });
});

const version = (v: number, over: Partial<PolicyVersion>): PolicyVersion => ({
  version: v, change: 'updated', name: 'p', description: null, enabled: true, rules: [], expires_at: null, reason: null,
  actor: { type: 'analyst', id: 'a', name: null }, created_at: '2026-05-21T09:00:00.000Z', ...over,
});
const block = { identity_type: 'device' as const, identity_id: 'dev_a', action: 'block' as const, destination: '10.0.0.0/8' };
const monitor = { ...block, action: 'monitor' as const };

describe('policy version diff', () => {
  it('lists changed fields and the rules added and removed, a reorder being no change', () => {
    const a = version(1, { rules: [block, monitor] });
    expect(diffVersions(a, version(2, { rules: [monitor, block] }))).toEqual({ fields: [], added: [], removed: [] });
    const d = diffVersions(a, version(2, { enabled: false, rules: [monitor, monitor] }));
    expect(d.fields).toEqual([{ field: 'enabled', before: 'true', after: 'false' }]);
    expect(d.added).toEqual([monitor]);
    expect(d.removed).toEqual([block]);
    expect(ruleText(block)).toBe('block device dev_a → 10.0.0.0/8');
    expect(ruleText({ identity_type: null, identity_id: null, action: 'block', destination: '*.evil.example' })).toBe('block every identity → *.evil.example');
  });
});
