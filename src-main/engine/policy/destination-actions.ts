// block_destination / allow_destination: one system policy per (scope, destination), found again by
// its natural key, so a repeat changes nothing and a new expiry makes a new version.
import type { z } from 'zod';
import type { allowDestinationResultSchema } from '@shared/contract/operations/policy-allow-destination';
import type { blockDestinationResultSchema } from '@shared/contract/operations/policy-block-destination';
import type { PolicyRule } from '@shared/contract/operations/policy-schemas';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import { invalid, notFound } from '../errors';
import { blastRadius } from './blast-radius';
import { inForce } from './decide';
import { FLEET } from './decision-index';
import { destinationCovers, parseDestination, type NetworkDestination } from './destination';
import { systemPolicyId } from './policy-ids';
import type { PolicyContext } from './policy-context';
import { statusOf } from './policy-store';
import { parseExpiry, reasonText } from './validate';

type BlockResult = z.output<typeof blockDestinationResultSchema>;
type AllowResult = z.output<typeof allowDestinationResultSchema>;

function networkDestination(raw: string): NetworkDestination {
  const p = parseDestination(raw);
  if ('error' in p) throw invalid('destination', p.error);
  if (p.type === 'tool' || p.type === 'tool_pattern') throw invalid('destination', `'${raw}' is an MCP tool: an agent's tool is decided by a policy rule (create_policy with identity_type agent)`);
  return p;
}

function mustExist(svc: PolicyContext, type: 'device' | 'user', id: string): void {
  if (!svc.inventory.exists(type, id)) throw notFound(type, id);
}

export function blockDestination(svc: PolicyContext, input: { destination: string; scope?: 'fleet' | 'device' | 'user'; scope_id?: string; expires_at?: string; reason?: string }, actor: Actor): BlockResult {
  const dest = networkDestination(input.destination);
  const scope = input.scope ?? 'fleet';
  const scopeId = input.scope_id?.trim() || null;
  if (scope === 'fleet' && scopeId) throw invalid('scope_id', `only applies when scope is 'device' or 'user' (scope is fleet), got '${scopeId}'`);
  if (scope !== 'fleet') {
    if (!scopeId) throw invalid('scope_id', `required when scope is '${scope}'`);
    mustExist(svc, scope, scopeId);
  }
  const expires = parseExpiry('expires_at', input.expires_at, svc.clock.now());
  const reason = reasonText(input.reason);
  return svc.commit<BlockResult>(actor, 'policy.blockDestination', input, (now) => {
    const key = `block|${scope}|${scopeId ?? ''}|${dest.value}`;
    const existing = svc.store.byKey(key);
    const rules: PolicyRule[] = [{ identity_type: scope === 'fleet' ? null : scope, identity_id: scopeId, action: 'block', destination: dest.value }];
    const base = { destination: dest.value, destination_type: dest.type, scope, scope_id: scopeId, expires_at: isoOrNull(expires), blast_radius: blastRadius(svc, rules) };
    if (existing && statusOf(existing, now) === 'active' && existing.expires_at === expires) {
      return { changes: [], result: { ...base, policy_id: existing.id, version: existing.version, changed: false, status: 'already_blocked' as const } };
    }
    const status = existing && statusOf(existing, now) === 'active' ? 'updated' as const : 'blocked' as const;
    const row = existing
      ? svc.store.writeVersion(existing, { enabled: true, rules, expires_at: expires }, status === 'updated' ? 'updated' : 'blocked', reason, actor, now)
      : svc.store.insert({
        id: systemPolicyId(svc.store, ['block', ...(scopeId ? [scopeId] : []), dest.value], key),
        name: `Block ${dest.value}${scope === 'fleet' ? ' (fleet)' : ` for ${scope} ${scopeId}`}`,
        description: `Traffic to ${dest.value} is blocked ${scope === 'fleet' ? 'for every device and user' : `for ${scope} ${scopeId}`}`,
        kind: 'block', natural_key: key, enabled: true, rules, expires_at: expires,
      }, 'blocked', reason, actor, now);
    return {
      result: { ...base, policy_id: row.id, version: row.version, changed: true, status },
      changes: [{ action: 'block_destination', policy: row, reason, entity: scope === 'fleet' ? null : { type: scope, id: scopeId! }, target: base }],
    };
  }, (r) => ({ policy_id: r.policy_id, version: r.version, status: r.status, blast_radius: r.blast_radius }));
}

/** device or user: as given, else whichever inventory knows the id as. */
function allowScope(svc: PolicyContext, scope: 'device' | 'user' | undefined, id: string): 'device' | 'user' {
  if (scope) {
    mustExist(svc, scope, id);
    return scope;
  }
  const device = svc.inventory.exists('device', id);
  const user = svc.inventory.exists('user', id);
  if (device && user) throw invalid('scope', `'${id}' is both a device and a user id; say which with scope`);
  if (!device && !user) throw notFound('device or user', id);
  return device ? 'device' : 'user';
}

export function allowDestination(svc: PolicyContext, input: { destination: string; scope?: 'device' | 'user'; scope_id: string; reason?: string }, actor: Actor): AllowResult {
  const dest = networkDestination(input.destination);
  const scopeId = input.scope_id.trim();
  const scope = allowScope(svc, input.scope, scopeId);
  const reason = reasonText(input.reason);
  return svc.commit<AllowResult>(actor, 'policy.allowDestination', input, (now) => {
    const key = `allow|${scope}|${scopeId}|${dest.value}`;
    const existing = svc.store.byKey(key);
    // The blocks this exception beats for the identity: any covering or covered destination, or none (a suspension).
    const buckets = new Set([FLEET, `${scope}:*`, `${scope}:${scopeId}`]);
    const overrides = [...new Set(svc.index().rules
      .filter((e) => e.rule.action === 'block' && buckets.has(e.appliesTo) && inForce(e, now, now) && (e.dest === null || destinationCovers(e.dest, dest) || destinationCovers(dest, e.dest)))
      .map((e) => e.policy_id))].sort();
    const rules: PolicyRule[] = [{ identity_type: scope, identity_id: scopeId, action: 'allow', destination: dest.value }];
    const base = { destination: dest.value, destination_type: dest.type, scope, scope_id: scopeId, overrides, blast_radius: blastRadius(svc, rules) };
    if (existing && statusOf(existing, now) === 'active') {
      return { changes: [], result: { ...base, policy_id: existing.id, version: existing.version, changed: false, status: 'already_allowed' as const } };
    }
    const row = existing
      ? svc.store.writeVersion(existing, { enabled: true, rules }, 'allowed', reason, actor, now)
      : svc.store.insert({
        id: systemPolicyId(svc.store, ['allow', scopeId, dest.value], key), name: `Allow ${dest.value} for ${scope} ${scopeId}`,
        description: `Exception: ${scope} ${scopeId} may reach ${dest.value} even where a block applies`, kind: 'allow', natural_key: key, enabled: true, rules, expires_at: null,
      }, 'allowed', reason, actor, now);
    return {
      result: { ...base, policy_id: row.id, version: row.version, changed: true, status: 'allowed' as const },
      changes: [{ action: 'allow_destination', policy: row, reason, entity: { type: scope, id: scopeId }, target: base }],
    };
  }, (r) => ({ policy_id: r.policy_id, version: r.version, status: r.status, blast_radius: r.blast_radius }));
}
