// Validation of create_policy / update_policy rules into their stored, canonical form. Every error
// names the rule and field (rules[2].destination) and the value; nothing is written when one fails.
// Guard rails: a rule names an identity or a destination, and no rule blocks every destination for
// every identity of a kind (that would cut the whole fleet off).
import type { PolicyRule, PolicyRuleInput } from '@shared/contract/operations/policy-schemas';
import type { EntityType } from '@shared/domain/enums';
import { invalid, UserError } from '../errors';
import type { Inventory } from '../inventory/inventory';
import { parseDestination, TOOL_PREFIX } from './destination';

const INVENTORIED = new Set<string>(['device', 'user', 'workload']);

export function validateRules(input: readonly PolicyRuleInput[], inventory: Pick<Inventory, 'exists'>, agentExists: (id: string) => boolean = () => false): PolicyRule[] {
  if (input.length === 0) throw invalid('rules', 'give at least one rule (to switch a policy off, set enabled to false)');
  return input.map((r, i) => {
    const f = `rules[${i}]`;
    if (!r.action) throw invalid(`${f}.action`, 'required: one of block, allow, monitor, isolate, require_mfa');
    const identityId = r.identity_id?.trim() || null;
    if (identityId && !r.identity_type) throw invalid(`${f}.identity_type`, `required with identity_id '${identityId}' (user, device, app or workload)`);
    if (identityId && r.identity_type && INVENTORIED.has(r.identity_type) && !inventory.exists(r.identity_type as EntityType, identityId)) {
      throw new UserError('not_found', `${f}.identity_id: unknown ${r.identity_type} '${identityId}'`, `${f}.identity_id`);
    }
    if (identityId && r.identity_type === 'agent' && !agentExists(identityId)) {
      throw new UserError('not_found', `${f}.identity_id: unknown agent '${identityId}' (register it with POST /api/v1/assets or the SDK)`, `${f}.identity_id`);
    }
    if (r.action === 'isolate') {
      if ((r.identity_type !== 'device' && r.identity_type !== 'workload') || !identityId) {
        throw invalid(`${f}.identity_id`, 'an isolate rule names one device or workload (identity_type device or workload, and its identity_id)');
      }
      if (r.destination) throw invalid(`${f}.destination`, 'an isolate rule cuts every destination; list what stays reachable as allow rules for the same identity in this policy');
    }
    let destination: string | null = null;
    if (r.destination !== undefined) {
      const p = parseDestination(r.destination, { apps: true });
      if ('error' in p) throw invalid(`${f}.destination`, p.error);
      destination = p.value;
    }
    const toolDest = destination?.startsWith(TOOL_PREFIX) ?? false;
    if (toolDest && r.identity_type && r.identity_type !== 'agent') {
      throw invalid(`${f}.destination`, `an MCP tool is called by agents: use identity_type agent (or none, for every agent), not ${r.identity_type}`);
    }
    if (r.action === 'require_approval' && !toolDest) {
      throw invalid(`${f}.action`, 'require_approval holds an agent\'s tool call for a person: give an MCP tool destination (tool:server/tool or tool:server/*)');
    }
    if (r.action === 'require_mfa' && r.identity_type === 'agent') throw invalid(`${f}.action`, 'an agent has no second factor: use require_approval for its tool calls');
    if (!r.identity_type && destination === null) {
      throw invalid(f, `a rule must name an identity (identity_type, with identity_id for one) or a destination; this ${r.action} rule would apply to every identity and every destination`);
    }
    const rule: PolicyRule = { identity_type: r.identity_type ?? null, identity_id: identityId, action: r.action, destination };
    if (blocksEverything(rule)) throw invalid(`${f}.destination`, fleetWideMessage(rule));
    return rule;
  });
}

/** A block with no destination for every identity of a kind: all traffic of the whole fleet (or of every device, user, …). */
export function blocksEverything(rule: PolicyRule): boolean {
  return rule.action === 'block' && rule.destination === null && rule.identity_id === null;
}

export function fleetWideMessage(rule: PolicyRule): string {
  return `a block with no destination for every ${rule.identity_type ?? 'identity'} would block all traffic for the whole fleet; name a destination, or one ${rule.identity_type ?? 'identity'} in identity_id (suspend_user and isolate_device cut off one identity)`;
}

/** Whether a rule addresses the identity (the same reading as posture's active_policies). */
export function ruleAppliesTo(rule: Pick<PolicyRule, 'identity_type' | 'identity_id'>, type: string, id: string): boolean {
  return !rule.identity_type || (rule.identity_type === type && (!rule.identity_id || rule.identity_id === id));
}
