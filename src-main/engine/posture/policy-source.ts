// Which enabled policies apply to an entity, read from the policy engine's `policies` table (0060).
//
// Coverage is judged on the policies an operator authored (kind 'custom', from create_policy) only.
// The system-made ones (isolation, block, allow, suspension) are responses to an event: isolating one
// device must not make every other device "uncovered", and a fleet-wide block is not a policy that
// governs any one entity. Until an operator has authored a policy there is no coverage gap at all: an
// empty policy set says nothing about any one entity. The rows come through the policy domain's store.
import type { EntityType } from '@shared/domain/enums';
import type { PolicyStore } from '../policy/policy-store';

interface Rule { identity_type?: string; identity_id?: string; destination?: string | null }
interface LoadedPolicy { id: string; custom: boolean; rules: Rule[] }

/** Rules address identities as the create_policy tool does: user, device, app or workload. */
const appliesTo = (rules: Rule[], type: EntityType, id: string) =>
  rules.length === 0 || rules.some((r) => (!r.identity_id && (!r.identity_type || r.identity_type === type)) || (r.identity_type === type && r.identity_id === id));

export class PolicySource {
  private policies: LoadedPolicy[] = [];
  private loadedKey = '';

  constructor(private readonly store: Pick<PolicyStore, 'changeKey' | 'enabledRows'>) {}

  /**
   * The enabled operator-authored policies and their rules as of the last refresh: the only part of the
   * policies that stored posture rows depend on (coverage). A block, allow, isolation or suspension
   * leaves it unchanged, so it never calls for rescoring the whole fleet.
   */
  get customKey(): string {
    return JSON.stringify(this.policies.filter((p) => p.custom).map((p) => [p.id, p.rules]));
  }

  /** Whether an operator has authored any enabled policy: only then can an entity have a coverage gap. */
  get populated(): boolean {
    return this.policies.some((p) => p.custom);
  }

  /** Re-reads the enabled policies when the table changed (cheap: a count, max rowid and max update time). */
  refresh(): void {
    const key = this.store.changeKey();
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    const rows = this.store.enabledRows();
    // Agent-tool rules govern AI agents, not devices, users or workloads: a policy of only those is not counted here.
    this.policies = rows.map((r) => ({ id: r.id, custom: r.kind === 'custom', rules: parseRules(r.rules).filter((x) => x.identity_type !== 'agent' && !x.destination?.startsWith('tool:')) }))
      .filter((p) => p.rules.length > 0);
  }

  /** The ids of the enabled policies of any kind that apply to the entity, sorted (the spec's active_policies). */
  activeFor(type: EntityType, id: string): string[] {
    return this.policies.filter((p) => appliesTo(p.rules, type, id)).map((p) => p.id);
  }

  /** Whether an operator-authored policy applies to the entity. */
  covers(type: EntityType, id: string): boolean {
    return this.policies.some((p) => p.custom && appliesTo(p.rules, type, id));
  }
}

function parseRules(raw: string): Rule[] {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v.filter((r) => r && typeof r === 'object') as Rule[]) : [];
  } catch {
    return [];
  }
}
