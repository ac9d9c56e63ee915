// SQL for policies and their versions. Every write goes through writeVersion/insert, which keep the
// rule "every change is a new version row, old ones kept" and bump the generation other processes
// watch. Callers run these inside their audited transaction.
import type { Policy, PolicyChange, PolicyKind, PolicyRule, PolicyStatus, PolicyVersion } from '@shared/contract/operations/policy-schemas';
import type { Actor } from '@shared/domain/actor';
import type { ActorType } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { Db } from '../db/open';

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

export class PolicyStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      get: db.prepare('SELECT * FROM policies WHERE id = ?'),
      byKey: db.prepare('SELECT * FROM policies WHERE natural_key = ?'),
      enabled: db.prepare('SELECT * FROM policies WHERE enabled = 1 ORDER BY id'),
      insert: db.prepare(`INSERT INTO policies (id, name, description, kind, natural_key, enabled, rules, version, expires_at, enabled_since, created_at, updated_at, created_by_type, created_by_id, created_by_name)
        VALUES (@id, @name, @description, @kind, @natural_key, @enabled, @rules, 1, @expires_at, @enabled_since, @now, @now, @actor_type, @actor_id, @actor_name)`),
      update: db.prepare(`UPDATE policies SET name = @name, description = @description, enabled = @enabled, rules = @rules, version = @version, expires_at = @expires_at,
        enabled_since = @enabled_since, updated_at = @now WHERE id = @id`),
      version: db.prepare(`INSERT INTO policy_versions (policy_id, version, change, name, description, enabled, rules, expires_at, reason, actor_type, actor_id, actor_name, created_at)
        VALUES (@id, @version, @change, @name, @description, @enabled, @rules, @expires_at, @reason, @actor_type, @actor_id, @actor_name, @now)`),
      history: db.prepare('SELECT * FROM policy_versions WHERE policy_id = ? ORDER BY version DESC'),
      expiredDue: db.prepare('SELECT * FROM policies WHERE enabled = 1 AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id'),
      violations: db.prepare('SELECT COUNT(*) FROM policy_violations WHERE policy_id = ? AND ts >= ?').pluck(),
      generation: db.prepare('SELECT value FROM settings WHERE key = ?').pluck(),
      bump: db.prepare(`INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`),
    };
  }

  get(id: string): PolicyRow | undefined {
    return this.stmts.get.get(id) as PolicyRow | undefined;
  }

  byKey(key: string): PolicyRow | undefined {
    return this.stmts.byKey.get(key) as PolicyRow | undefined;
  }

  enabledRows(): PolicyRow[] {
    return this.stmts.enabled.all() as PolicyRow[];
  }

  expiredDue(now: number): PolicyRow[] {
    return this.stmts.expiredDue.all(now) as PolicyRow[];
  }

  /** Creates a policy at version 1 with its first version row. */
  insert(p: NewPolicy, change: PolicyChange, reason: string | null, actor: Actor, now: number): PolicyRow {
    const who = { actor_type: actor.type, actor_id: actor.id, actor_name: actor.name ?? null };
    const row = { ...p, enabled: p.enabled ? 1 : 0, rules: JSON.stringify(p.rules), enabled_since: p.enabled ? now : null, now, ...who };
    this.stmts.insert.run(row);
    this.stmts.version.run({ ...row, version: 1, change, reason });
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
    this.stmts.update.run(next);
    this.stmts.version.run({ ...next, change, reason, actor_type: actor.type, actor_id: actor.id, actor_name: actor.name ?? null });
    this.bumpGeneration();
    return this.get(current.id)!;
  }

  history(id: string): PolicyVersion[] {
    return (this.stmts.history.all(id) as VersionRow[]).map((v) => ({
      version: v.version, change: v.change, name: v.name, description: v.description, enabled: v.enabled === 1, rules: parseRules(v.rules),
      expires_at: isoOrNull(v.expires_at), reason: v.reason, actor: { type: v.actor_type, id: v.actor_id, name: v.actor_name }, created_at: isoOrNull(v.created_at)!,
    }));
  }

  violationsSince(id: string, since: number): number {
    return this.stmts.violations.get(id, since) as number;
  }

  list(f: ListFilter, now: number): { rows: PolicyRow[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = { now, limit: f.limit, offset: f.offset };
    if (f.status === 'active') where.push('enabled = 1 AND (expires_at IS NULL OR expires_at > @now)');
    if (f.status === 'disabled') where.push('enabled = 0 AND (expires_at IS NULL OR expires_at > @now)');
    if (f.status === 'expired') where.push('expires_at IS NOT NULL AND expires_at <= @now');
    if (f.kind) { where.push('kind = @kind'); params.kind = f.kind; }
    if (f.identity_id) { where.push("EXISTS (SELECT 1 FROM json_each(policies.rules) r WHERE json_extract(r.value, '$.identity_id') = @identity_id)"); params.identity_id = f.identity_id; }
    if (f.search) {
      where.push("(id LIKE @s ESCAPE '\\' OR name LIKE @s ESCAPE '\\' OR description LIKE @s ESCAPE '\\' OR rules LIKE @s ESCAPE '\\')");
      params.s = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db.prepare(`SELECT COUNT(*) FROM policies ${filter}`).pluck().get(params) as number;
    const rows = this.db.prepare(`SELECT * FROM policies ${filter} ORDER BY updated_at DESC, id LIMIT @limit OFFSET @offset`).all(params) as PolicyRow[];
    return { rows, total };
  }

  /** Bumped with every policy change: another process sees its decision index is stale. */
  bumpGeneration(): void {
    this.stmts.bump.run(GENERATION_KEY);
  }

  generation(): string {
    return (this.stmts.generation.get(GENERATION_KEY) as string | undefined) ?? '0';
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
