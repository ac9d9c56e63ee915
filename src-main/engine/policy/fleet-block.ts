// blocked_in_fleet / block_policy_id of get_threat_context: the most specific active fleet-wide block
// covering the indicator (an address inside a blocked CIDR, a name under a blocked *.pattern, a range
// or pattern inside a broader one). Hashes are never blocked by destination policy.
import type { IndicatorType } from '@shared/domain/enums';
import { inForce } from './decide';
import { FLEET, type DecisionIndex, type IndexedRule, type Target } from './decision-index';
import { destinationCovers, parseDestination } from './destination';

export function fleetBlockFor(ix: DecisionIndex, indicator: string, type: IndicatorType, now: number): { policy_id: string } | null {
  if (type === 'hash' || ix.size === 0) return null;
  let value = indicator;
  if (type === 'url') {
    try {
      value = new URL(indicator).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return null;
    }
  }
  const target = parseDestination(value);
  if ('error' in target || target.type === 'app') return null;
  let found: IndexedRule[] = [];
  if (target.type === 'ip' || target.type === 'domain') {
    const t: Target = { kind: target.type, value: target.value, v4: target.type === 'ip' ? target.v4 : -1 };
    ix.collectBucket(FLEET, t, found);
    // A destination-less fleet block (block everything) is not "this indicator is blocked".
    found = found.filter((e) => e.dest !== null);
  } else {
    for (const e of ix.fleetRules()) if (e.dest && destinationCovers(e.dest, target)) found.push(e);
  }
  const blocks = found.filter((e) => e.rule.action === 'block' && inForce(e, now, now)).sort((a, b) => b.destRank - a.destRank || (a.policy_id < b.policy_id ? -1 : 1));
  return blocks.length ? { policy_id: blocks[0].policy_id } : null;
}
