// evaluate_access: the decision current policy gives one identity for one destination, the rule that
// decides it and every rule considered. A device is evaluated with its active user (a suspension or a
// user-scoped rule follows the user onto the device).
import type { EvaluateAccessResult } from '@shared/contract/operations/policy-evaluate-access';
import type { PolicyIdentityType } from '@shared/contract/operations/policy-schemas';
import type { EntityType } from '@shared/domain/enums';
import { invalid, notFound } from '../errors';
import { decide } from './decide';
import type { DecisionIndex, IndexedRule, Target } from './decision-index';
import { parseDestination } from './destination';
import type { PolicyContext } from './policy-context';

const ruleRef = (e: IndexedRule) => ({ policy_id: e.policy_id, rule_index: e.rule_index, ...e.rule });

export function evaluateAccess(svc: PolicyContext, input: { identity_type: PolicyIdentityType; identity_id: string; destination: string; port?: number }, ix: DecisionIndex = svc.index()): EvaluateAccessResult {
  const { identity_type: type, identity_id: id } = input;
  if (type === 'agent' ? !svc.agentExists(id) : type !== 'app' && !svc.inventory.exists(type as EntityType, id)) throw notFound(type, id);
  const p = parseDestination(input.destination, { apps: true, ranges: false });
  if ('error' in p) throw invalid('destination', p.error);
  const target: Target = { kind: p.type === 'ip' ? 'ip' : p.type === 'app' || p.type === 'tool' ? p.type : 'domain', value: p.value, v4: p.type === 'ip' ? p.v4 : -1 };
  const now = svc.clock.now();
  const matched: IndexedRule[] = [];
  const identities = [`${type}:${id}`];
  ix.collect(type, id, target, true, matched);
  const user = type === 'device' ? svc.activeUsers.of(id) : undefined;
  if (user !== undefined) {
    identities.push(`user:${user}`);
    ix.collect('user', user, target, false, matched);
  }
  const d = decide(matched, now, now, p.value, ix.managementOf);
  const port = input.port !== undefined ? ` (port ${input.port}: rules constrain addresses and names, not ports)` : '';
  return {
    decision: d.decision,
    deciding_policy_id: d.deciding?.policy_id ?? null,
    deciding_rule: d.deciding ? ruleRef(d.deciding) : null,
    reason: d.reason + port,
    considered: d.considered.map((e) => ({ ...ruleRef(e), applies_to: e.appliesTo })),
    identities,
    destination: p.value,
  };
}
