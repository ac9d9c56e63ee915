// Expiry: a block or suspension past its expires_at stops deciding at once (every read and decision
// compares with the clock); the sweep then records it as a system action: a new disabled version,
// an audit entry, a `policy` event and an enforcement delivery.
import { isoOrNull } from '@shared/domain/time';
import { EXPIRY_ACTOR, type PolicyContext } from './policy-context';
import { parseRules } from './policy-store';

export function sweepExpired(svc: PolicyContext, now = svc.clock.now()): { policy_id: string; version: number; expired_at: string }[] {
  const done: { policy_id: string; version: number; expired_at: string }[] = [];
  for (const due of svc.store.expiredDue(now)) {
    const r = svc.commit(EXPIRY_ACTOR, 'policy.expire', { policy_id: due.id, expires_at: isoOrNull(due.expires_at) }, (at) => {
      // Re-read inside the transaction: another process may have expired or renewed it meanwhile.
      const row = svc.store.get(due.id);
      if (!row || row.enabled === 0 || row.expires_at === null || row.expires_at > now) return { result: null, changes: [] };
      const expiredAt = isoOrNull(row.expires_at)!;
      const next = svc.store.writeVersion(row, { enabled: false }, 'expired', `expired at ${expiredAt}`, EXPIRY_ACTOR, at);
      const rule = parseRules(row.rules)[0];
      const entity = rule?.identity_type && rule.identity_id && rule.identity_type !== 'app' && rule.identity_type !== 'agent' ? { type: rule.identity_type, id: rule.identity_id } : null;
      return {
        result: { policy_id: next.id, version: next.version, expired_at: expiredAt },
        changes: [{ action: 'expire', policy: next, reason: `expired at ${expiredAt}`, entity, target: { kind: row.kind, rules: parseRules(row.rules), expired_at: expiredAt } }],
      };
    }, (x) => x);
    if (r) done.push(r);
  }
  return done;
}
