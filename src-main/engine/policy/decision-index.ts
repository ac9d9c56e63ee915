// The in-memory decision index: every rule of every enabled policy, bucketed by the identity it
// addresses ('device:dev_x', 'device:*', 'fleet') and indexed by destination inside each bucket, so
// evaluate_access and the ingest observer decide without SQL. Rebuilt whole after a policy change
// (policies are few; telemetry is many).
import type { PolicyKind, PolicyRule } from '@shared/contract/operations/policy-schemas';
import type { Logger } from '../log';
import { destinationRank, parseDestination, type ParsedDestination } from './destination';
import { DestinationMatcher } from './destination-matcher';
import { parseRules, type PolicyRow } from './policy-store';

export interface IndexedRule {
  policy_id: string;
  kind: PolicyKind;
  rule_index: number;
  rule: PolicyRule;
  dest: ParsedDestination | null;
  /** 2: one identity, 1: every identity of a type, 0: the fleet. */
  identityRank: number;
  destRank: number;
  /** The identity bucket: 'fleet', 'device:*' or 'device:dev_x'. */
  appliesTo: string;
  /** In force from (when the policy was last enabled) until (expires_at, or forever). */
  from: number;
  until: number;
  /** An allow rule of a policy that isolates the same identity: the quarantine's management path. */
  management: boolean;
}

export const FLEET = 'fleet';

/** What a request is about: an IP (v4 as uint32, else -1), a name, an app id, or nothing (a login). */
export interface Target { kind: 'ip' | 'domain' | 'app' | 'tool' | 'none'; value: string; v4: number }

function bucketOf(rule: Pick<PolicyRule, 'identity_type' | 'identity_id'>): string {
  if (!rule.identity_type) return FLEET;
  return `${rule.identity_type}:${rule.identity_id ?? '*'}`;
}

export class DecisionIndex {
  private readonly buckets = new Map<string, DestinationMatcher<IndexedRule>>();
  /** Isolating policy → its management destinations (for reasons and exports). */
  readonly managementOf = new Map<string, string[]>();
  readonly rules: IndexedRule[] = [];

  static build(rows: readonly PolicyRow[], log: Logger): DecisionIndex {
    const ix = new DecisionIndex();
    for (const row of rows) ix.addPolicy(row, log);
    return ix;
  }

  get size(): number {
    return this.rules.length;
  }

  private addPolicy(row: PolicyRow, log: Logger): void {
    const rules = parseRules(row.rules);
    const isolated = new Set(rules.filter((r) => r.action === 'isolate').map(bucketOf));
    const management: string[] = [];
    rules.forEach((rule, rule_index) => {
      let dest: ParsedDestination | null = null;
      if (rule.destination !== null) {
        const p = parseDestination(rule.destination, { apps: true });
        if ('error' in p) {
          // Stored rules were validated when written; one that no longer parses is skipped, not fatal.
          log.warn('policy rule skipped: destination does not parse', { policy_id: row.id, rule_index, error: p.error });
          return;
        }
        dest = p;
      }
      const appliesTo = bucketOf(rule);
      const isManagement = rule.action === 'allow' && isolated.has(appliesTo);
      if (isManagement && rule.destination) management.push(rule.destination);
      const entry: IndexedRule = {
        policy_id: row.id, kind: row.kind, rule_index, rule, dest,
        identityRank: !rule.identity_type ? 0 : rule.identity_id ? 2 : 1,
        destRank: destinationRank(dest), appliesTo,
        from: row.enabled_since ?? row.updated_at,
        until: row.expires_at ?? Number.POSITIVE_INFINITY,
        management: isManagement,
      };
      this.rules.push(entry);
      const bucket = this.buckets.get(appliesTo) ?? this.buckets.set(appliesTo, new DestinationMatcher()).get(appliesTo)!;
      // An isolate rule addresses every destination: it sits with the destination-less rules.
      bucket.add(rule.action === 'isolate' ? null : dest, entry);
    });
    if (isolated.size) this.managementOf.set(row.id, management);
  }

  /** Whether any rule could apply to the identity (a few map probes: the ingest fast path). */
  touches(type: string, id: string): boolean {
    return this.buckets.has(`${type}:${id}`) || this.buckets.has(`${type}:*`);
  }

  get hasFleetRules(): boolean {
    return this.buckets.has(FLEET);
  }

  /** Appends the rules of one identity (its own, its type's, and, when `fleet`, the fleet's) that cover the target. */
  collect(type: string, id: string, target: Target, fleet: boolean, out: IndexedRule[]): void {
    this.collectBucket(`${type}:${id}`, target, out);
    this.collectBucket(`${type}:*`, target, out);
    if (fleet) this.collectBucket(FLEET, target, out);
  }

  /** Appends the rules of one bucket that cover the target ('none': only destination-less rules). */
  collectBucket(key: string, target: Target, out: IndexedRule[]): void {
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    if (target.kind === 'none') out.push(...bucket.any);
    else bucket.collect(target.kind, target.value, target.v4, out);
  }

  /** The fleet bucket's rules with a destination (threat context asks about ranges and patterns). */
  fleetRules(): Iterable<IndexedRule> {
    return this.buckets.get(FLEET)?.all() ?? [];
  }
}
