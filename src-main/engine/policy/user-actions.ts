// suspend_user / restore_user: a suspension is a system policy (pol_suspend_<user>) with one block
// rule for the user and no destination: every login by the user, and traffic of every device while
// the user is its active user, breaks it. expires_at restores on time.
import type { z } from 'zod';
import type { restoreUserResultSchema } from '@shared/contract/operations/policy-restore-user';
import type { suspendUserResultSchema } from '@shared/contract/operations/policy-suspend-user';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import { notFound } from '../errors';
import { identityRadius } from './blast-radius';
import { systemPolicyId } from './policy-ids';
import type { PolicyContext } from './policy-context';
import { statusOf } from './policy-store';
import { parseExpiry, reasonText } from './validate';

type SuspendResult = z.output<typeof suspendUserResultSchema>;
type RestoreResult = z.output<typeof restoreUserResultSchema>;

const keyOf = (userId: string) => `suspend|user|${userId}`;

function deviceTargets(svc: PolicyContext, userId: string): { device_id: string; ip_addresses: string[] }[] {
  return svc.activeUsers.devicesOf(userId).map((id) => ({ device_id: id, ip_addresses: svc.inventory.getDevice(id)?.ip_addresses ?? [] }));
}

export function suspendUser(svc: PolicyContext, input: { user_id: string; reason?: string; expires_at?: string }, actor: Actor): SuspendResult {
  const userId = input.user_id.trim();
  if (!svc.inventory.exists('user', userId)) throw notFound('user', userId);
  const expires = parseExpiry('expires_at', input.expires_at, svc.clock.now());
  const reason = reasonText(input.reason);
  return svc.commit<SuspendResult>(actor, 'policy.suspendUser', input, (now) => {
    const key = keyOf(userId);
    const existing = svc.store.byKey(key);
    const devices = deviceTargets(svc, userId);
    const base = { user_id: userId, expires_at: isoOrNull(expires), devices: devices.map((d) => d.device_id), blast_radius: identityRadius(svc, 'user', userId) };
    const active = existing !== undefined && statusOf(existing, now) === 'active';
    if (existing && active && existing.expires_at === expires) {
      return { changes: [], result: { ...base, policy_id: existing.id, version: existing.version, changed: false, status: 'already_suspended' as const } };
    }
    const rules = [{ identity_type: 'user' as const, identity_id: userId, action: 'block' as const, destination: null }];
    const row = existing
      ? svc.store.writeVersion(existing, { enabled: true, rules, expires_at: expires }, active ? 'updated' : 'suspended', reason, actor, now)
      : svc.store.insert({
        id: systemPolicyId(svc.store, ['suspend', userId], key), name: `Suspend ${userId}`,
        description: `All network access of ${userId} is suspended, on every device where they are the active user`, kind: 'suspension', natural_key: key, enabled: true, rules, expires_at: expires,
      }, 'suspended', reason, actor, now);
    const status = active ? 'updated' as const : 'suspended' as const;
    return {
      result: { ...base, policy_id: row.id, version: row.version, changed: true, status },
      changes: [{ action: 'suspend_user', policy: row, reason, entity: { type: 'user', id: userId }, target: { user_id: userId, expires_at: isoOrNull(expires), devices, blast_radius: base.blast_radius } }],
    };
  }, (r) => ({ policy_id: r.policy_id, version: r.version, status: r.status, blast_radius: r.blast_radius }));
}

export function restoreUser(svc: PolicyContext, input: { user_id: string; reason?: string }, actor: Actor): RestoreResult {
  const userId = input.user_id.trim();
  if (!svc.inventory.exists('user', userId)) throw notFound('user', userId);
  const reason = reasonText(input.reason);
  return svc.commit<RestoreResult>(actor, 'policy.restoreUser', input, (now) => {
    const existing = svc.store.byKey(keyOf(userId));
    const radius = identityRadius(svc, 'user', userId);
    if (!existing || statusOf(existing, now) !== 'active') {
      return { changes: [], result: { user_id: userId, policy_id: existing?.id ?? null, version: existing?.version ?? null, changed: false, status: 'not_suspended' as const, blast_radius: radius } };
    }
    const row = svc.store.writeVersion(existing, { enabled: false }, 'restored', reason, actor, now);
    return {
      result: { user_id: userId, policy_id: row.id, version: row.version, changed: true, status: 'restored' as const, blast_radius: radius },
      changes: [{ action: 'restore_user', policy: row, reason, entity: { type: 'user', id: userId }, target: { user_id: userId, devices: deviceTargets(svc, userId), blast_radius: radius } }],
    };
  }, (r) => ({ policy_id: r.policy_id, version: r.version, status: r.status, blast_radius: r.blast_radius }));
}
