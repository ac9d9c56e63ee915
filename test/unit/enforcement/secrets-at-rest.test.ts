// Enforcement secrets at rest: sealed with AES-256-GCM under a 0600 key file beside the database, so
// none of the database's files holds a secret in clear; secrets a database from before kept in plain
// text are sealed (old bytes overwritten) when it is opened; a missing key is a clear error, never a new key.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';
import { openDatabase } from '../../../src-main/engine/db/open';
import { dispatch } from '../../../src-main/engine/dispatch';
import { KEY_FILE, SecretBox, SecretUnreadable } from '../../../src-main/engine/enforcement/secret-box';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const SECRET = 'whsec-correct-horse-battery-staple-42';
const CLI = { actor: { type: 'cli' as const, id: 'test' } };
const open = (dir: string) => Engine.open({ dataDir: dir, log: testLogger });

/** Every byte of the database and the files SQLite keeps beside it. */
const dbBytes = (dir: string) => Buffer.concat(readdirSync(dir).filter((f) => f.startsWith(DB_FILE)).map((f) => readFileSync(join(dir, f))));

describe('enforcement secrets at rest', () => {
  it('keeps the secret out of the audit log when the call is refused (wrong scope, bad URL) as when it succeeds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-'));
    const engine = open(dir);
    const agent = { actor: { type: 'mcp_agent' as const, id: 'key_ro', name: 'reader' }, scopes: ['read' as const], auditCalls: true };
    expect(() => dispatch(engine, 'enforcement.addEndpoint', { url: 'https://fw.example.com/hook', secret: SECRET }, agent)).toThrow(/needs scope 'admin'/);
    expect(() => dispatch(engine, 'enforcement.addEndpoint', { url: 'ftp://fw.example.com', secret: SECRET }, { ...CLI, auditCalls: true })).toThrow();
    const rows = engine.db.prepare("SELECT outcome, params FROM audit_log WHERE action = 'enforcement.addEndpoint' ORDER BY seq").all() as { outcome: string; params: string }[];
    expect(rows.map((r) => r.outcome)).toEqual(['denied', 'error']);
    for (const row of rows) expect(JSON.parse(row.params)).toMatchObject({ secret: '(redacted)' });
    engine.close();
    expect(dbBytes(dir).includes(SECRET)).toBe(false);
  });

  it('keeps the secret out of the database files, opens it again with the key file, and shows only its hint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-'));
    let engine = open(dir);
    const added = dispatch(engine, 'enforcement.addEndpoint', { url: 'https://fw.example.com/hook', secret: SECRET }, CLI);
    expect(added.secret_hint).toBe('…e-42');
    expect(dbBytes(dir).includes(SECRET)).toBe(false);
    engine.close();
    expect(dbBytes(dir).includes(SECRET)).toBe(false);
    expect(dbBytes(dir).includes(Buffer.from(SECRET, 'utf16le'))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);

    engine = open(dir);
    expect(engine.enforcement.endpoints.secretOf(added.endpoint_id)).toBe(SECRET);
    expect(dispatch(engine, 'enforcement.endpoints', {}, CLI).endpoints).toEqual([added]);
    engine.close();
  });

  it('seals the plain-text secrets of a database from before when it opens, overwriting the old bytes, audited', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-old-'));
    const before = openDatabase(join(dir, DB_FILE), MIGRATIONS.filter((m) => m.version < 110));
    before.prepare('INSERT INTO enforcement_endpoints (id, url, secret, enabled, created_at) VALUES (?, ?, ?, 1, ?)').run('enf_old', 'https://fw.example.com/old', SECRET, Date.UTC(2026, 0, 1));
    before.close();
    expect(dbBytes(dir).includes(SECRET)).toBe(true);

    const engine = open(dir);
    expect(engine.enforcement.endpoints.secretOf('enf_old')).toBe(SECRET);
    expect(dispatch(engine, 'enforcement.endpoints', {}, CLI).endpoints[0]).toMatchObject({ endpoint_id: 'enf_old', secret_hint: '…e-42' });
    const sealed = engine.db.prepare("SELECT actor_type, params FROM audit_log WHERE action = 'enforcement.sealSecrets'").all() as { actor_type: string; params: string }[];
    expect(sealed).toHaveLength(1);
    expect(sealed[0].actor_type).toBe('system');
    expect(sealed[0].params).not.toContain(SECRET);
    expect(dbBytes(dir).includes(SECRET)).toBe(false);
    engine.close();
    expect(dbBytes(dir).includes(SECRET)).toBe(false);
    // Sealed once: opening again has nothing left to seal.
    const again = open(dir);
    expect(again.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'enforcement.sealSecrets'").pluck().get()).toBe(1);
    again.close();
  });

  it('refuses to sign without the key that sealed the secret, saying which file is missing, and never makes a new one to open with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-secret-lost-'));
    let engine = open(dir);
    const { endpoint_id } = dispatch(engine, 'enforcement.addEndpoint', { url: 'https://fw.example.com/hook', secret: SECRET }, CLI);
    engine.close();
    unlinkSync(join(dir, KEY_FILE));
    engine = open(dir);
    expect(() => engine.enforcement.endpoints.secretOf(endpoint_id)).toThrow(new SecretUnreadable(`the secrets key ${join(dir, KEY_FILE)} is missing: stored enforcement secrets cannot be read; remove each endpoint and add it again with its secret`));
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(dispatch(engine, 'enforcement.endpoints', {}, CLI).endpoints[0].secret_hint).toBe('…e-42');
    // A change is not sent unsigned or retried in vain: its delivery fails at once, saying why.
    dispatch(engine, 'policy.blockDestination', { destination: '203.0.113.9' }, CLI);
    const delivery = () => dispatch(engine, 'enforcement.deliveries', {}, CLI).deliveries[0];
    await engine.enforcement.flush();
    expect(delivery()).toMatchObject({ attempts: 1, last_status_code: null, last_error: expect.stringContaining(`${join(dir, KEY_FILE)} is missing`) });
    engine.close();
  });

  it('binds a sealed value to its endpoint: moved to another row it does not open', () => {
    const box = new SecretBox(null);
    const sealed = box.seal(SECRET, 'enforcement_endpoints:enf_a');
    expect(sealed).not.toContain(SECRET);
    expect(box.open(sealed, 'enforcement_endpoints:enf_a')).toBe(SECRET);
    expect(() => box.open(sealed, 'enforcement_endpoints:enf_b')).toThrow(SecretUnreadable);
  });
});
