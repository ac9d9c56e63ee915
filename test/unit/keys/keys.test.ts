// MCP API keys: format, shown once and stored hashed, scopes exactly the spec's table, immediate
// revocation, audit entries, and the `threatmatic keys` commands on a real data dir.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCOPES } from '@shared/domain/enums';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { verifyAuditChain } from '../../../src-main/engine/audit/verify';
import { Engine } from '../../../src-main/engine/engine';
import { parseScopes } from '../../../src-main/engine/keys/key-store';
import { testLogger } from '../../support/test-logger';
import { thrown } from '../../fixtures/thrown';

const analyst = { type: 'cli' as const, id: 'alice' };
let engine: Engine;

beforeEach(() => {
  engine = Engine.open({ dbPath: ':memory:', log: testLogger });
});
afterEach(() => engine.close());

/** Every value of every row of every table, as one string: to prove a secret is stored nowhere. */
function everything(e: Engine): string {
  const tables = e.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  return tables.map((t) => JSON.stringify(e.db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
}

describe('key store', () => {
  it('creates tm_ keys of 32 random bytes, shown once and kept only as their sha256', () => {
    const a = engine.keys.create({ name: 'claude-desktop', scopes: 'device:isolate,read' }, analyst);
    const b = engine.keys.create({ name: 'cursor', scopes: ['read'] }, analyst);
    expect(a.key).toMatch(/^tm_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.key.slice(3), 'base64url')).toHaveLength(32);
    expect(a.key).not.toBe(b.key);
    expect(a.record).toMatchObject({ name: 'claude-desktop', prefix: a.key.slice(0, 11), scopes: ['read', 'device:isolate'], require_approval: false, approval_ttl_seconds: 3600, created_by: 'cli:alice', revoked_at: null });
    expect(a.record.key_id).toMatch(/^key_[0-9A-Z]{26}$/);
    const stored = engine.db.prepare('SELECT key_hash FROM api_keys WHERE key_id = ?').pluck().get(a.record.key_id);
    expect(stored).toBe(createHash('sha256').update(a.key).digest('hex'));
    const dump = everything(engine);
    expect(dump).not.toContain(a.key);
    expect(dump).not.toContain(a.key.slice(11));
    expect(dump).toContain(a.record.prefix);
  });

  it('accepts exactly the scopes of the spec table and names the valid ones when refusing', () => {
    expect(parseScopes([...SCOPES].reverse())).toEqual([...SCOPES]);
    const err = thrown(() => engine.keys.create({ name: 'x', scopes: 'read,device:quarantine' }, analyst));
    expect(err.code).toBe('invalid_input');
    expect(err.field).toBe('scopes');
    expect(err.message).toContain("unknown scope 'device:quarantine'");
    for (const s of SCOPES) expect(err.message).toContain(s);
    expect(thrown(() => engine.keys.create({ name: 'x', scopes: ' , ' }, analyst)).message).toMatch(/at least one scope/);
    expect(thrown(() => engine.keys.create({ name: 'bad\u0007name', scopes: 'read' }, analyst)).field).toBe('name');
    expect(thrown(() => engine.keys.create({ name: '', scopes: 'read' }, analyst)).field).toBe('name');
    expect(thrown(() => engine.keys.create({ name: 'x', scopes: 'read', approval_ttl_seconds: 5 }, analyst)).field).toBe('approval_ttl_seconds');
    expect(engine.db.prepare('SELECT COUNT(*) FROM api_keys').pluck().get()).toBe(0);
  });

  it('authenticates only the exact key, and a revoked key at once', () => {
    const { key, record } = engine.keys.create({ name: 'agent', scopes: 'read', require_approval: true, approval_ttl_seconds: 600 }, analyst);
    expect(engine.keys.authenticate(key)).toMatchObject({ key_id: record.key_id, require_approval: true, approval_ttl_seconds: 600 });
    for (const wrong of [key.slice(0, -1), `${key}x`, record.prefix, key.toUpperCase(), '', null, undefined, `tm_${'a'.repeat(5000)}`]) {
      expect(engine.keys.authenticate(wrong)).toBeNull();
    }
    const revoked = engine.keys.revoke(record.key_id, analyst);
    expect(revoked.revoked_at).not.toBeNull();
    expect(revoked.revoked_by).toBe('cli:alice');
    expect(engine.keys.authenticate(key)).toBeNull();
    expect(engine.keys.list()).toEqual([]);
    expect(engine.keys.list({ include_revoked: true })).toHaveLength(1);
    expect(thrown(() => engine.keys.revoke(record.key_id, analyst)).code).toBe('conflict');
    expect(thrown(() => engine.keys.revoke('key_nope', analyst))).toMatchObject({ code: 'not_found', message: "unknown key 'key_nope'" });
  });

  it('audits creation and revocation with the actor, never the key', () => {
    const { key, record } = engine.keys.create({ name: 'agent', scopes: 'read,admin' }, analyst);
    engine.keys.revoke(record.key_id, { type: 'analyst', id: 'bob' });
    const rows = engine.db.prepare("SELECT actor_type, actor_id, action, params, detail FROM audit_log WHERE action LIKE 'keys.%' ORDER BY seq").all() as Record<string, string>[];
    expect(rows.map((r) => [r.actor_type, r.actor_id, r.action])).toEqual([['cli', 'alice', 'keys.create'], ['analyst', 'bob', 'keys.revoke']]);
    expect(JSON.parse(rows[0].params)).toEqual({ name: 'agent', scopes: ['read', 'admin'], require_approval: false, approval_ttl_seconds: 3600 });
    expect(JSON.parse(rows[0].detail)).toEqual({ key_id: record.key_id, prefix: record.prefix });
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(verifyAuditChain(engine.audit.store).ok).toBe(true);
  });
});

describe('threatmatic keys', () => {
  function io() {
    const out: string[] = [];
    const err: string[] = [];
    const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
    return { value, out: () => out.join(''), err: () => err.join('') };
  }

  it('creates (key printed once), lists without keys, revokes; an unknown scope exits 2 listing the valid ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-keys-'));
    const created = io();
    expect(await runCli(['keys', 'create', '--name', 'soc-agent', '--scopes', 'read,destination:block', '--scopes', 'device:isolate', '--require-approval', '--approval-ttl', '900', '--data-dir', dir, '--json'], created.value)).toBe(0);
    const made = JSON.parse(created.out()) as { key: string; key_id: string; scopes: string[]; require_approval: boolean; approval_ttl_seconds: number };
    expect(made.key).toMatch(/^tm_/);
    expect(made).toMatchObject({ scopes: ['read', 'device:isolate', 'destination:block'], require_approval: true, approval_ttl_seconds: 900 });

    const human = io();
    expect(await runCli(['keys', 'create', '--name', 'reader', '--scopes', 'read', '--data-dir', dir], human.value)).toBe(0);
    expect(human.out()).toMatch(/shown this once[\s\S]*\ntm_[A-Za-z0-9_-]{43}\n/);

    const listed = io();
    expect(await runCli(['keys', 'list', '--data-dir', dir, '--json'], listed.value)).toBe(0);
    expect((JSON.parse(listed.out()) as { keys: { key_id: string }[] }).keys.map((k) => k.key_id)).toContain(made.key_id);
    expect(listed.out()).not.toContain(made.key);

    const revoked = io();
    expect(await runCli(['keys', 'revoke', made.key_id, '--data-dir', dir], revoked.value)).toBe(0);
    expect(revoked.out()).toContain(`Revoked ${made.key_id} 'soc-agent'`);
    const after = io();
    expect(await runCli(['keys', 'list', '--data-dir', dir], after.value)).toBe(0);
    expect(after.out()).not.toContain(made.key_id);

    const bad = io();
    expect(await runCli(['keys', 'create', '--name', 'x', '--scopes', 'reed', '--data-dir', dir], bad.value)).toBe(2);
    expect(bad.err()).toContain("unknown scope 'reed'; valid scopes: read, policy:read, policy:write, device:isolate, user:suspend, destination:block, incident:manage, admin");
    const missing = io();
    expect(await runCli(['keys', 'create', '--scopes', 'read', '--data-dir', dir], missing.value)).toBe(2);
    expect(missing.err()).toContain('--name is required');
  });
});
