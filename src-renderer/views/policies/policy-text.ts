// How a policy rule reads on screen, and the difference between two versions of a policy (what the
// history's diff shows): changed fields, rules added and rules removed.
import type { PolicyRule, PolicyVersion } from '@shared/contract/operations/policy-schemas';

export function ruleWho(r: Pick<PolicyRule, 'identity_type' | 'identity_id'>): string {
  if (!r.identity_type) return 'every identity';
  return r.identity_id ? `${r.identity_type} ${r.identity_id}` : `every ${r.identity_type}`;
}

export function ruleText(r: PolicyRule): string {
  return `${r.action} ${ruleWho(r)} → ${r.destination ?? 'any destination'}`;
}

export interface VersionDiff {
  fields: { field: string; before: string; after: string }[];
  added: PolicyRule[];
  removed: PolicyRule[];
}

const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** What changed from `from` to `to` (rules compared as a multiset, so a reorder is no change). */
export function diffVersions(from: PolicyVersion, to: PolicyVersion): VersionDiff {
  const fields: VersionDiff['fields'] = [];
  for (const f of ['name', 'description', 'enabled', 'expires_at'] as const) {
    if (from[f] !== to[f]) fields.push({ field: f, before: shown(from[f]), after: shown(to[f]) });
  }
  const key = (r: PolicyRule) => JSON.stringify([r.identity_type, r.identity_id, r.action, r.destination]);
  const left = new Map<string, number>();
  for (const r of from.rules) left.set(key(r), (left.get(key(r)) ?? 0) + 1);
  const added: PolicyRule[] = [];
  for (const r of to.rules) {
    const n = left.get(key(r)) ?? 0;
    if (n > 0) left.set(key(r), n - 1);
    else added.push(r);
  }
  const removed: PolicyRule[] = [];
  const right = new Map<string, number>();
  for (const r of to.rules) right.set(key(r), (right.get(key(r)) ?? 0) + 1);
  for (const r of from.rules) {
    const n = right.get(key(r)) ?? 0;
    if (n > 0) right.set(key(r), n - 1);
    else removed.push(r);
  }
  return { fields, added, removed };
}
