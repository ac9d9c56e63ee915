// The precedence that turns the rules matching an identity and destination into one decision:
// isolation (unless the destination is on the quarantine's management path) > allow exception >
// block (most specific identity, then most specific destination) > require_approval (agent tool calls) >
// require_mfa > monitor > default allow.
import type { AccessDecision } from '@shared/contract/operations/policy-schemas';
import type { IndexedRule } from './decision-index';

export interface Decision {
  decision: AccessDecision;
  deciding: IndexedRule | null;
  reason: string;
  /** The active matching rules in precedence order. */
  considered: IndexedRule[];
}

const CATEGORY: Record<string, number> = { isolate: 0, management: 1, allow: 2, block: 3, require_approval: 4, require_mfa: 5, monitor: 6 };
const categoryOf = (e: IndexedRule) => CATEGORY[e.management ? 'management' : e.rule.action];

function byPrecedence(a: IndexedRule, b: IndexedRule): number {
  return categoryOf(a) - categoryOf(b) || b.identityRank - a.identityRank || b.destRank - a.destRank ||
    (a.policy_id < b.policy_id ? -1 : a.policy_id > b.policy_id ? 1 : a.rule_index - b.rule_index);
}

/** Whether a rule is in force at `at` (event or evaluation time) as of `now` (the clock). */
export const inForce = (e: IndexedRule, at: number, now: number) => now < e.until && e.from <= at && at < e.until;

const describe = (e: IndexedRule) => `${e.policy_id} (${e.appliesTo === 'fleet' ? 'fleet' : e.appliesTo}${e.rule.destination ? ` → ${e.rule.destination}` : ': all destinations'})`;

/**
 * Decides from the rules collected for a request. `management` maps an isolating policy to its
 * management path, for the reason text.
 */
export function decide(matched: readonly IndexedRule[], at: number, now: number, destination: string, management: ReadonlyMap<string, string[]>): Decision {
  const considered = matched.filter((e) => inForce(e, at, now)).sort(byPrecedence);
  const first = (pred: (e: IndexedRule) => boolean) => considered.find(pred) ?? null;
  const isolation = first((e) => e.rule.action === 'isolate');
  if (isolation) {
    const isolating = new Set(considered.filter((e) => e.rule.action === 'isolate').map((e) => e.policy_id));
    const path = first((e) => e.management && isolating.has(e.policy_id));
    if (path) return { decision: 'allow', deciding: path, reason: `${destination} is on the management path of the quarantine ${path.policy_id}`, considered };
    const mgmt = management.get(isolation.policy_id) ?? [];
    return {
      decision: 'isolate', deciding: isolation, considered,
      reason: `${isolation.appliesTo} is isolated by ${isolation.policy_id}; only its management path (${mgmt.length ? mgmt.join(', ') : 'none'}) is reachable`,
    };
  }
  const allow = first((e) => e.rule.action === 'allow' && !e.management);
  const blocks = considered.filter((e) => e.rule.action === 'block');
  if (allow) {
    const over = blocks.length ? `; it overrides ${blocks.length} block rule${blocks.length > 1 ? 's' : ''} (${[...new Set(blocks.map((b) => b.policy_id))].join(', ')})` : '';
    return { decision: 'allow', deciding: allow, reason: `allowed by the exception ${describe(allow)}${over}`, considered };
  }
  if (blocks.length) return { decision: 'block', deciding: blocks[0], reason: `blocked by ${describe(blocks[0])}`, considered };
  const approval = first((e) => e.rule.action === 'require_approval');
  if (approval) return { decision: 'require_approval', deciding: approval, reason: `the call waits for a person's approval, required by ${describe(approval)}`, considered };
  const mfa = first((e) => e.rule.action === 'require_mfa');
  if (mfa) return { decision: 'require_mfa', deciding: mfa, reason: `multi-factor authentication required by ${describe(mfa)}`, considered };
  const monitor = first((e) => e.rule.action === 'monitor');
  if (monitor) return { decision: 'monitor', deciding: monitor, reason: `allowed and monitored by ${describe(monitor)}`, considered };
  return { decision: 'allow', deciding: null, reason: 'no active rule applies: allowed by default', considered };
}
