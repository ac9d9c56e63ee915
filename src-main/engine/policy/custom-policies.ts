// create_policy / update_policy / list_policies / get_policy. Rules replace as a whole; every change
// is a new version (the old ones stay in history); an update that changes nothing writes nothing.
// System-made policies keep the rules their action tool gave them.
import type { PolicyDetail } from '@shared/contract/operations/policy-get';
import type { BlastRadius, Policy, PolicyChange, PolicyKind, PolicyRule, PolicyRuleInput, PolicyStatus } from '@shared/contract/operations/policy-schemas';
import type { Actor } from '@shared/domain/actor';
import { invalid, notFound, UserError } from '../errors';
import { blastRadius } from './blast-radius';
import { customPolicyId } from './policy-ids';
import type { PolicyContext } from './policy-context';
import { parseRules, toPolicy, type PolicyRow } from './policy-store';
import { blocksEverything, fleetWideMessage, validateRules } from './rules';
import { reasonText } from './validate';

const DAY_MS = 86_400_000;

/** The tools that own a system-made policy's rules and state. */
const OWNER: Record<Exclude<PolicyKind, 'custom'>, string> = {
  isolation: 'isolate_device / release_device',
  suspension: 'suspend_user / restore_user',
  block: 'block_destination',
  allow: 'allow_destination',
};

type WithRadius<T> = T & { blast_radius: BlastRadius };

export function createPolicy(svc: PolicyContext, input: { name: string; description?: string; rules: PolicyRuleInput[]; enabled: boolean }, actor: Actor): WithRadius<Policy> {
  const name = input.name.trim();
  if (!name) throw invalid('name', 'must not be blank');
  const rules = validateRules(input.rules, svc.inventory, (id) => svc.agentExists(id));
  const description = input.description?.trim() || null;
  return svc.commit<WithRadius<Policy>>(actor, 'policy.create', input, (now) => {
    const row = svc.store.insert({ id: customPolicyId(now), name, description, kind: 'custom', natural_key: null, enabled: input.enabled, rules, expires_at: null }, 'created', null, actor, now);
    const radius = blastRadius(svc, rules);
    return { result: { ...toPolicy(row, now), blast_radius: radius }, changes: [{ action: 'create_policy', policy: row, reason: null, entity: null, target: { rules, blast_radius: radius } }] };
  }, (p) => ({ policy_id: p.policy_id, version: p.version, blast_radius: p.blast_radius }));
}

export function updatePolicy(svc: PolicyContext, input: { policy_id: string; enabled?: boolean; rules?: PolicyRuleInput[]; reason?: string }, actor: Actor): WithRadius<Policy> & { changed: boolean } {
  const current = svc.store.get(input.policy_id);
  if (!current) throw notFound('policy', input.policy_id);
  if (input.enabled === undefined && input.rules === undefined) throw invalid('(input)', 'give rules and/or enabled: there is nothing to update');
  checkEditable(current, input.rules !== undefined);
  const rules = input.rules === undefined ? undefined : validateRules(input.rules, svc.inventory, (id) => svc.agentExists(id));
  // A policy stored before the guard rails may still hold a fleet-wide block: it is never switched on again.
  const wide = input.enabled === true && rules === undefined ? parseRules(current.rules).findIndex(blocksEverything) : -1;
  if (wide >= 0) throw invalid('enabled', `${current.id} rules[${wide}]: ${fleetWideMessage(parseRules(current.rules)[wide])}; replace its rules first`);
  const reason = reasonText(input.reason);
  return svc.commit<WithRadius<Policy> & { changed: boolean }>(actor, 'policy.update', input, (now) => {
    const row = svc.store.get(input.policy_id)!;
    const radius = blastRadius(svc, parseRules(row.rules), ...(rules ? [rules] : []));
    if (input.enabled === true && row.enabled === 0 && row.expires_at !== null && row.expires_at <= now) {
      throw new UserError('conflict', `enabled: ${row.id} expired at ${new Date(row.expires_at).toISOString()}; call block_destination again with a new expires_at`, 'enabled');
    }
    const rulesChanged = rules !== undefined && JSON.stringify(rules) !== row.rules;
    const enabledChanged = input.enabled !== undefined && (input.enabled ? 1 : 0) !== row.enabled;
    if (!rulesChanged && !enabledChanged) return { changes: [], result: { ...toPolicy(row, now), changed: false, blast_radius: radius } };
    const change: PolicyChange = rulesChanged ? 'updated' : input.enabled ? 'enabled' : 'disabled';
    const next = svc.store.writeVersion(row, { ...(rulesChanged ? { rules } : {}), ...(enabledChanged ? { enabled: input.enabled } : {}) }, change, reason, actor, now);
    return {
      result: { ...toPolicy(next, now), changed: true, blast_radius: radius },
      changes: [{ action: 'update_policy', policy: next, reason, entity: null, target: { change, rules: parseRules(next.rules) as PolicyRule[], blast_radius: radius } }],
    };
  }, (p) => ({ policy_id: p.policy_id, version: p.version, changed: p.changed, blast_radius: p.blast_radius }));
}

/**
 * Whether update_policy may change this policy: quarantines and suspensions belong to their own tools, and
 * only custom policies take new rules. The editor's preview of a draft asks the same (policy.preview).
 */
export function checkEditable(current: PolicyRow, rules: boolean): void {
  if (current.kind === 'isolation' || current.kind === 'suspension') {
    throw new UserError('conflict', `${current.id} is a ${current.kind} made by ${OWNER[current.kind]}; use those tools, so the quarantine or suspension is lifted with its bookkeeping (and its scope)`, 'policy_id');
  }
  if (rules && current.kind !== 'custom') {
    throw new UserError('conflict', `rules: the rules of ${current.id} follow its ${OWNER[current.kind]} call; only enabled can be changed here (or create a custom policy)`, 'rules');
  }
}

export function listPolicies(svc: PolicyContext, q: { status?: PolicyStatus; kind?: PolicyKind; identity_id?: string; search?: string; limit: number; offset: number }): { policies: Policy[]; total: number } {
  const now = svc.clock.now();
  const { rows, total } = svc.store.list(q, now);
  return { policies: rows.map((r) => toPolicy(r, now)), total };
}

export function getPolicy(svc: PolicyContext, id: string): PolicyDetail {
  const row: PolicyRow | undefined = svc.store.get(id);
  if (!row) throw notFound('policy', id);
  const now = svc.clock.now();
  return { ...toPolicy(row, now), history: svc.store.history(id), violations_24h: svc.store.violationsSince(id, now - DAY_MS) };
}

