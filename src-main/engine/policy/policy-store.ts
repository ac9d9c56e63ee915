// SQL for policies, their versions and the violations recorded against them: the one owner of the
// policies, policy_versions and policy_violations tables. Every write goes through writeVersion/insert,
// which keep the rule "every change is a new version row, old ones kept" and bump the generation other
// processes watch. Callers run these inside their audited transaction.
import type { Policy, PolicyChange, PolicyKind, PolicyRule, PolicyStatus, PolicyVersion } from '@shared/contract/operations/policy-schemas';
import type { Actor } from '@shared/domain/actor';
import type { ActorType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { sql, type SqlRunner } from '../db/sql';
import { bumpSetting, readSetting } from '../settings/settings-store';

export interface PolicyRow {
  id: string; name: string; description: string | null; kind: PolicyKind; natural_key: string | null; enabled: 0 | 1;
  rules: string; version: number; expires_at: number | null; enabled_since: number | null; created_at: number; updated_at: number;
  created_by_type: ActorType; created_by_id: string; created_by_name: string | null;
}

interface VersionRow {
  version: number; change: PolicyChange; name: string; description: string | null; enabled: number; rules: string; expires_at: number | null;
  reason: string | null; actor_type: ActorType; actor_id: string; actor_name: string | null; created_at: number;
}

export interface NewPolicy {
  id: string; name: string; description: string | null; kind: PolicyKind; natural_key: string | null; enabled: boolean; rules: PolicyRule[]; expires_at: number | null;
}

/** What a new version changes; omitted fields keep their current value. */
export interface VersionPatch { name?: string; description?: string | null; enabled?: boolean; rules?: PolicyRule[]; expires_at?: number | null }

export interface ListFilter { status?: PolicyStatus; kind?: PolicyKind; identity_id?: string; search?: string; limit: number; offset: number }

const GENERATION_KEY = 'policy.generation';

export function statusOf(row: Pick<PolicyRow, 'enabled' | 'expires_at'>, now: number): PolicyStatus {
  if (row.expires_at !== null && row.expires_at <= now) return 'expired';
  return row.enabled ? 'active' : 'disabled';
}

export function parseRules(text: string): PolicyRule[] {
  return JSON.parse(text) as PolicyRule[];
}

/** One broken decision, as the violation observer records it. */
export interface NewViolation { ts: number; entity_type: string; entity_id: string; policy_id: string; rule: string; destination: string | null; event_id: number }

export class PolicyStore {
  constructor(private readonly sql: SqlRunner) {}

  get(id: string): PolicyRow | undefined {
    return this.sql.get<PolicyRow>(sql`SELECT * FROM policies WHERE id = ${id}`, 'policy.get');
  }

  byKey(key: string): PolicyRow | undefined {
    return this.sql.get<PolicyRow>(sql`SELECT * FROM policies WHERE natural_key = ${key}`, 'policy.byKey');
  }

  enabledRows(): PolicyRow[] {
    return this.sql.all<PolicyRow>(sql`SELECT * FROM policies WHERE enabled = 1 ORDER BY id`, 'policy.enabled');
  }

  expiredDue(now: number): PolicyRow[] {
    return this.sql.all<PolicyRow>(sql`SELECT * FROM policies WHERE enabled = 1 AND expires_at IS NOT NULL AND expires_at <= ${now} ORDER BY expires_at, id`, 'policy.expiredDue');
  }

  /** Creates a policy at version 1 with its first version row. */
  insert(p: NewPolicy, change: PolicyChange, reason: string | null, actor: Actor, now: number): PolicyRow {
    const rules = JSON.stringify(p.rules);
    const enabled = p.enabled ? 1 : 0;
    this.sql.run(sql`INSERT INTO policies (id, name, description, kind, natural_key, enabled, rules, version, expires_at, enabled_since, created_at, updated_at, created_by_type, created_by_id, created_by_name)
      VALUES (${p.id}, ${p.name}, ${p.description}, ${p.kind}, ${p.natural_key}, ${enabled}, ${rules}, 1, ${p.expires_at}, ${p.enabled ? now : null}, ${now}, ${now}, ${actor.type}, ${actor.id}, ${actor.name ?? null})`, 'policy.insert');
    this.addVersion({ id: p.id, version: 1, name: p.name, description: p.description, enabled, rules, expires_at: p.expires_at, now }, change, reason, actor);
    this.bumpGeneration();
    return this.get(p.id)!;
  }

  /** Writes the next version of a policy: the current row changes, the version row is added. */
  writeVersion(current: PolicyRow, patch: VersionPatch, change: PolicyChange, reason: string | null, actor: Actor, now: number): PolicyRow {
    const enabled = patch.enabled ?? current.enabled === 1;
    const next = {
      id: current.id,
      name: patch.name ?? current.name,
      description: patch.description !== undefined ? patch.description : current.description,
      enabled: enabled ? 1 : 0,
      rules: patch.rules ? JSON.stringify(patch.rules) : current.rules,
      version: current.version + 1,
      expires_at: patch.expires_at !== undefined ? patch.expires_at : current.expires_at,
      // In force since: kept while it stays in force, restarted when it comes back (after a disable or an expiry).
      enabled_since: !enabled ? null : statusOf(current, now) === 'active' ? current.enabled_since : now,
      now,
    };
    this.sql.run(sql`UPDATE policies SET name = ${next.name}, description = ${next.description}, enabled = ${next.enabled}, rules = ${next.rules}, version = ${next.version},
      expires_at = ${next.expires_at}, enabled_since = ${next.enabled_since}, updated_at = ${now} WHERE id = ${next.id}`, 'policy.update');
    this.addVersion(next, change, reason, actor);
    this.bumpGeneration();
    return this.get(current.id)!;
  }

  /** The version row of a change: what the policy became, who changed it and why. */
  private addVersion(v: { id: string; version: number; name: string; description: string | null; enabled: number; rules: string; expires_at: number | null; now: number }, change: PolicyChange, reason: string | null, actor: Actor): void {
    this.sql.run(sql`INSERT INTO policy_versions (policy_id, version, change, name, description, enabled, rules, expires_at, reason, actor_type, actor_id, actor_name, created_at)
      VALUES (${v.id}, ${v.version}, ${change}, ${v.name}, ${v.description}, ${v.enabled}, ${v.rules}, ${v.expires_at}, ${reason}, ${actor.type}, ${actor.id}, ${actor.name ?? null}, ${v.now})`, 'policy.addVersion');
  }

  history(id: string): PolicyVersion[] {
    return this.sql.all<VersionRow>(sql`SELECT * FROM policy_versions WHERE policy_id = ${id} ORDER BY version DESC`, 'policy.history').map((v) => ({
      version: v.version, change: v.change, name: v.name, description: v.description, enabled: v.enabled === 1, rules: parseRules(v.rules),
      expires_at: isoOrNull(v.expires_at), reason: v.reason, actor: { type: v.actor_type, id: v.actor_id, name: v.actor_name }, created_at: isoOrNull(v.created_at)!,
    }));
  }

  violationsSince(id: string, since: number): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM policy_violations WHERE policy_id = ${id} AND ts >= ${since}`, 'policy.violationsSince') ?? 0;
  }

  /** Records one broken decision; inside the ingest batch, so it commits with its event. */
  recordViolation(v: NewViolation): void {
    this.sql.run(sql`INSERT INTO policy_violations (ts, entity_type, entity_id, policy_id, rule, destination, event_id)
      VALUES (${v.ts}, ${v.entity_type}, ${v.entity_id}, ${v.policy_id}, ${v.rule}, ${v.destination}, ${v.event_id})`, 'policy.recordViolation');
  }

  list(f: ListFilter, now: number): { rows: PolicyRow[]; total: number } {
    const like = f.search ? `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const where = sql.where([
      f.status === 'active' && sql`enabled = 1 AND (expires_at IS NULL OR expires_at > ${now})`,
      f.status === 'disabled' && sql`enabled = 0 AND (expires_at IS NULL OR expires_at > ${now})`,
      f.status === 'expired' && sql`expires_at IS NOT NULL AND expires_at <= ${now}`,
      !!f.kind && sql`kind = ${f.kind}`,
      !!f.identity_id && sql`EXISTS (SELECT 1 FROM json_each(policies.rules) r WHERE json_extract(r.value, '$.identity_id') = ${f.identity_id})`,
      like !== null && sql`id LIKE ${like} ESCAPE '\\' OR name LIKE ${like} ESCAPE '\\' OR description LIKE ${like} ESCAPE '\\' OR rules LIKE ${like} ESCAPE '\\'`,
    ]);
    const total = this.sql.value<number>(sql`SELECT COUNT(*) FROM policies ${where}`, 'policy.count') ?? 0;
    const rows = this.sql.all<PolicyRow>(sql`SELECT * FROM policies ${where} ORDER BY updated_at DESC, id LIMIT ${f.limit} OFFSET ${f.offset}`, 'policy.list');
    return { rows, total };
  }

  /** What changes when any policy row does (count, newest row and update, enabled count): cheap to compare. */
  changeKey(): string {
    return JSON.stringify(this.sql.get(sql`SELECT COUNT(*) AS n, MAX(rowid) AS m, MAX(updated_at) AS u, SUM(enabled) AS e FROM policies`, 'policy.changeKey'));
  }

  /** Violations recorded since `since`, of every policy: how many, and the entities they were against (sorted). */
  violationSummarySince(since: number): { count: number; entities: string[] } {
    const r = this.sql.get<{ n: number; ids: string | null }>(sql`SELECT COUNT(*) AS n, group_concat(DISTINCT entity_id) AS ids FROM policy_violations WHERE ts >= ${since}`, 'policy.violationSummary')!;
    return { count: r.n, entities: r.ids ? r.ids.split(',').sort() : [] };
  }

  /** Violations of every policy recorded since `since`. */
  countViolationsSince(since: number): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM policy_violations WHERE ts >= ${since}`, 'policy.countViolationsSince') ?? 0;
  }

  /** Per entity and policy, the violations since `since` of the given entities of one type (posture's bulk read). */
  violationFacts(type: string, ids: readonly string[], since: number): { entity_id: string; policy_id: string; count: number; last_ts: number }[] {
    return this.sql.all<{ entity_id: string; policy_id: string; count: number; last_ts: number }>(sql`SELECT entity_id, policy_id, COUNT(*) AS count, MAX(ts) AS last_ts FROM policy_violations
      WHERE entity_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND ts >= ${since} AND entity_type = ${type} GROUP BY entity_id, policy_id`, 'policy.violationFacts');
  }

  /** Bumped with every policy change: another process sees its decision index is stale. */
  bumpGeneration(): void {
    bumpSetting(this.sql, GENERATION_KEY);
  }

  generation(): string {
    return readSetting(this.sql, GENERATION_KEY) ?? '0';
  }
}

export function toPolicy(row: PolicyRow, now: number): Policy {
  return {
    policy_id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    enabled: row.enabled === 1,
    status: statusOf(row, now),
    version: row.version,
    rules: parseRules(row.rules),
    expires_at: isoOrNull(row.expires_at),
    created_at: isoOrNull(row.created_at)!,
    updated_at: isoOrNull(row.updated_at)!,
    created_by: { type: row.created_by_type, id: row.created_by_id, name: row.created_by_name },
  };
}
