// policy.preview: who a draft policy would affect, before it is saved. The rules go through the same
// validation as create_policy / update_policy (a bad CIDR or an unknown device is refused naming
// rules[i].field, a system-made policy's rules are refused as update refuses them), then the identities
// are read by affectedIdentities, the one reading of a rule's identity selector the blast radius uses too.
// Nothing is written: no version, no event, no audit entry (a read).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { EntityType } from '@shared/domain/enums';
import { notFound } from '../errors';
import { affectedIdentities, blastRadius, radiusOf } from './blast-radius';
import { checkEditable } from './custom-policies';
import type { PolicyContext } from './policy-context';
import { parseRules } from './policy-store';
import { validateRules } from './rules';

type Out = OpOutput<'policy.preview'>;

/** The agent registry's names, for the agents a draft reaches. */
export type AgentNames = (ids: readonly string[] | null, limit: number) => { agents: { id: string; name: string }[]; total: number };

export function previewDraft(svc: PolicyContext, input: OpParsedInput<'policy.preview'>, agentNames: AgentNames): Out {
  const { draft, limit } = input;
  const rules = validateRules(draft.rules, svc.inventory, (id) => svc.agentExists(id));
  const stored = draft.policy_id !== undefined ? svc.store.get(draft.policy_id) : undefined;
  if (draft.policy_id !== undefined && !stored) throw notFound('policy', draft.policy_id);
  if (stored) checkEditable(stored, true);
  const who = affectedIdentities(svc, rules);
  // Sorted ids, then only the first `limit` looked up by name: a fleet-wide draft over 10,000 devices
  // costs one id scan and one small name query, not a row per device.
  const namedOf = (type: EntityType, ids: Set<string>): Out['devices'] => {
    const first = [...ids].sort().slice(0, limit);
    const names = first.length ? svc.inventory.names(type, first) : new Map<string, string | null>();
    return { total: ids.size, named: first.map((id) => ({ id, name: names.get(id) ?? null })) };
  };
  const agents = who.everyAgent ? agentNames(null, limit) : who.agents.size ? agentNames([...who.agents], limit) : { agents: [], total: 0 };
  return {
    devices: namedOf('device', who.devices),
    users: namedOf('user', who.users),
    workloads: namedOf('workload', who.workloads),
    agents: { total: agents.total, named: agents.agents },
    fleet_wide: who.fleetWide,
    destinations: [...new Set(rules.flatMap((r) => (r.destination === null ? [] : [r.destination])))],
    every_destination: rules.some((r) => r.destination === null),
    // A new policy's radius is the draft's own reach (counted above, not read twice); an edit's counts its current rules too.
    blast_radius: stored ? blastRadius(svc, parseRules(stored.rules), rules) : radiusOf(who),
  };
}
