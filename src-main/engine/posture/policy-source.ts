// Which enabled policies apply to an entity, read from the policy engine's `policies` table when it
// exists. Until a policy engine has created policies there is nothing to report and, deliberately, no
// coverage gap to penalize: an empty policy set says nothing about any one entity.
import type { EntityType } from '@shared/domain/enums';
import type { Db } from '../db/open';

interface Rule { identity_type?: string; identity_id?: string }

/** Rules address identities as the create_policy tool does: user, device, app or workload. */
const appliesTo = (rules: Rule[], type: EntityType, id: string) =>
  rules.length === 0 || rules.some((r) => (!r.identity_id && (!r.identity_type || r.identity_type === type)) || (r.identity_type === type && r.identity_id === id));

export class PolicySource {
  private policies: { id: string; rules: Rule[] }[] = [];
  private loadedKey = '';

  constructor(private readonly db: Db) {}

  /** Whether a policy engine has populated any policy: only then can an entity have a coverage gap. */
  get populated(): boolean {
    return this.policies.length > 0;
  }

  /** Re-reads the enabled policies when the table changed (cheap: a count and max rowid). */
  refresh(): void {
    const cols = this.columns();
    if (!cols.has('id')) {
      this.policies = [];
      this.loadedKey = '';
      return;
    }
    const key = JSON.stringify(this.db.prepare('SELECT COUNT(*) AS n, MAX(rowid) AS m, total_changes() AS c FROM policies').get());
    if (key === this.loadedKey) return;
    this.loadedKey = key;
    const where = cols.has('enabled') ? 'WHERE enabled = 1' : cols.has('status') ? "WHERE status IN ('active','enabled')" : '';
    const rows = this.db.prepare(`SELECT id${cols.has('rules') ? ', rules' : ''} FROM policies ${where} ORDER BY id`).all() as { id: string; rules?: string }[];
    const ruleRows = this.hasRuleTable() ? (this.db.prepare('SELECT policy_id, identity_type, identity_id FROM policy_rules').all() as { policy_id: string; identity_type: string | null; identity_id: string | null }[]) : [];
    this.policies = rows.map((r) => ({
      id: r.id,
      rules: [
        ...parseRules(r.rules),
        ...ruleRows.filter((x) => x.policy_id === r.id).map((x) => ({ identity_type: x.identity_type ?? undefined, identity_id: x.identity_id ?? undefined })),
      ],
    }));
  }

  /** The ids of the enabled policies that apply to the entity, sorted. */
  activeFor(type: EntityType, id: string): string[] {
    return this.policies.filter((p) => appliesTo(p.rules, type, id)).map((p) => p.id);
  }

  private columns(): Set<string> {
    return new Set((this.db.prepare("SELECT name FROM pragma_table_info('policies')").pluck().all() as string[]));
  }

  private hasRuleTable(): boolean {
    const cols = new Set(this.db.prepare("SELECT name FROM pragma_table_info('policy_rules')").pluck().all() as string[]);
    return cols.has('policy_id') && cols.has('identity_id');
  }
}

function parseRules(raw: string | undefined): Rule[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v.filter((r) => r && typeof r === 'object') as Rule[]) : [];
  } catch {
    return [];
  }
}
