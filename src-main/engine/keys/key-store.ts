// MCP API keys: created with Permission Scopes, shown once, stored only as a sha256 hash, revoked at
// once (every call looks the key up again, so an open session loses access on its next request).
// The one owner of the api_keys table; the Engine creates it (engine.keys) and the doors ask it.
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '@shared/domain/actor';
import { SCOPES, type Scope } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import { invalid, notFound, UserError } from '../errors';
import { prefixedId } from '../util/ulid';

const KEY_PREFIX = 'tm_';
/** Random bytes in a key: 32 bytes = 256 bits, 43 base64url characters after the prefix. */
const KEY_BYTES = 32;
/** Characters of the key kept in clear (prefix included) so a person can tell keys apart. */
const SHOWN_CHARS = KEY_PREFIX.length + 8;
export const DEFAULT_APPROVAL_TTL_S = 3600;
export const APPROVAL_TTL_LIMITS = [10, 7 * 24 * 3600] as const;

export interface ApiKey {
  key_id: string;
  name: string;
  /** The key's first characters (tm_ + 8): enough to recognise it, useless to use it. */
  prefix: string;
  scopes: Scope[];
  /** Destructive operations wait for an analyst's approval instead of running. */
  require_approval: boolean;
  approval_ttl_seconds: number;
  created_at: string;
  created_by: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface CreateKeyInput {
  name: string;
  /** Scope names, or one comma-separated string. */
  scopes: string | readonly string[];
  require_approval?: boolean;
  approval_ttl_seconds?: number;
}

interface Row {
  key_id: string; name: string; prefix: string; key_hash: string; scopes: string; require_approval: number; approval_ttl_s: number;
  created_at: number; created_by: string; revoked_at: number | null; revoked_by: string | null;
}

function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

function generateKey(): string {
  return KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
}

/** Parses scope names; an unknown one is refused with the list of valid scopes. */
export function parseScopes(raw: string | readonly string[]): Scope[] {
  const names = (typeof raw === 'string' ? raw.split(',') : raw.flatMap((r) => r.split(','))).map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw invalid('scopes', `at least one scope is needed; valid scopes: ${SCOPES.join(', ')}`);
  for (const n of names) {
    if (!(SCOPES as readonly string[]).includes(n)) throw invalid('scopes', `unknown scope '${n}'; valid scopes: ${SCOPES.join(', ')}`);
  }
  // Table order, no duplicates: the same set always reads the same.
  return SCOPES.filter((s) => names.includes(s));
}

const actorLabel = (a: Actor) => `${a.type}:${a.id}`;

function toKey(r: Row): ApiKey {
  return {
    key_id: r.key_id, name: r.name, prefix: r.prefix, scopes: JSON.parse(r.scopes) as Scope[], require_approval: r.require_approval === 1,
    approval_ttl_seconds: r.approval_ttl_s, created_at: isoOrNull(r.created_at) as string, created_by: r.created_by,
    revoked_at: isoOrNull(r.revoked_at), revoked_by: r.revoked_by,
  };
}

export interface KeyStoreDeps {
  sql: SqlRunner;
  clock: Clock;
  audit: AuditLog;
}

export class KeyStore {
  constructor(private readonly deps: KeyStoreDeps) {}

  /** Creates a key; the returned `key` is the only time it exists in clear. */
  create(input: CreateKeyInput, actor: Actor): { key: string; record: ApiKey } {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name.length === 0 || name.length > 100) throw invalid('name', 'must be 1 to 100 characters');
    if (/[\u0000-\u001f\u007f]/.test(name)) throw invalid('name', 'must not contain control characters');
    const scopes = parseScopes(input.scopes);
    const ttl = input.approval_ttl_seconds ?? DEFAULT_APPROVAL_TTL_S;
    const [minTtl, maxTtl] = APPROVAL_TTL_LIMITS;
    if (!Number.isInteger(ttl) || ttl < minTtl || ttl > maxTtl) throw invalid('approval_ttl_seconds', `must be a whole number of seconds from ${minTtl} to ${maxTtl}, got '${String(input.approval_ttl_seconds)}'`);
    const key = generateKey();
    const now = this.deps.clock.now();
    const row = {
      key_id: prefixedId('key', now), name, prefix: key.slice(0, SHOWN_CHARS), key_hash: hashKey(key), scopes: JSON.stringify(scopes),
      require_approval: input.require_approval ? 1 : 0, approval_ttl_s: ttl, created_at: now, created_by: actorLabel(actor),
    };
    // The audit entry names the key, its scopes and its prefix: never the key itself.
    const insert = () => this.deps.sql.run(sql`INSERT INTO api_keys (key_id, name, prefix, key_hash, scopes, require_approval, approval_ttl_s, created_at, created_by)
      VALUES (${row.key_id}, ${row.name}, ${row.prefix}, ${row.key_hash}, ${row.scopes}, ${row.require_approval}, ${row.approval_ttl_s}, ${row.created_at}, ${row.created_by})`, 'keys.insert');
    this.deps.audit.record(actor, 'keys.create', { name, scopes, require_approval: row.require_approval === 1, approval_ttl_seconds: ttl }, insert, () => ({ key_id: row.key_id, prefix: row.prefix }));
    return { key, record: this.get(row.key_id) as ApiKey };
  }

  list(opts: { include_revoked?: boolean } = {}): ApiKey[] {
    const where = sql.where([!opts.include_revoked && sql`revoked_at IS NULL`]);
    return this.deps.sql.all<Row>(sql`SELECT * FROM api_keys ${where} ORDER BY created_at, key_id`, 'keys.list').map(toKey);
  }

  get(keyId: string): ApiKey | null {
    const row = this.deps.sql.get<Row>(sql`SELECT * FROM api_keys WHERE key_id = ${keyId}`, 'keys.get');
    return row ? toKey(row) : null;
  }

  /** Revokes a key at once: its next request or call, in any process, is refused. */
  revoke(keyId: string, actor: Actor): ApiKey {
    const existing = this.get(keyId);
    if (!existing) throw notFound('key', keyId);
    if (existing.revoked_at) throw new UserError('conflict', `key '${keyId}' was already revoked at ${existing.revoked_at}`, 'key');
    const revoke = () => this.deps.sql.run(sql`UPDATE api_keys SET revoked_at = ${this.deps.clock.now()}, revoked_by = ${actorLabel(actor)} WHERE key_id = ${keyId} AND revoked_at IS NULL`, 'keys.revoke');
    this.deps.audit.record(actor, 'keys.revoke', { key_id: keyId }, revoke, () => ({ name: existing.name, prefix: existing.prefix }));
    return this.get(keyId) as ApiKey;
  }

  /** The active key a presented secret belongs to, or null (unknown, malformed or revoked). */
  authenticate(presented: string | undefined | null): ApiKey | null {
    return this.find(presented, true);
  }

  /** The key a presented secret belongs to, revoked or not: so a refusal can name whose key it was. */
  identify(presented: string | undefined | null): ApiKey | null {
    return this.find(presented, false);
  }

  private find(presented: string | undefined | null, activeOnly: boolean): ApiKey | null {
    // A well-formed key is short; anything else is refused before hashing.
    if (typeof presented !== 'string' || !presented.startsWith(KEY_PREFIX) || presented.length > 200) return null;
    const where = sql.where([sql`key_hash = ${hashKey(presented)}`, activeOnly && sql`revoked_at IS NULL`]);
    const row = this.deps.sql.get<Row>(sql`SELECT * FROM api_keys ${where}`, 'keys.byHash');
    return row ? toKey(row) : null;
  }
}
