// `threatmatic audit verify` and `audit export` on a real data dir: a clean chain verifies, the export
// is every row as stored (re-checkable), and a tampered row makes verify exit 1 naming it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src-main/cli/run-cli';
import { rowDigest, type AuditRow } from '../../../src-main/engine/audit/audit-log';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
  return { value, out: () => out.join(''), err: () => err.join('') };
}

describe('threatmatic audit', () => {
  it('verifies a clean chain, exports every row as stored, and exits 1 on a tampered row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-audit-cli-'));
    const engine = Engine.open({ dataDir: dir, log: testLogger });
    const key = engine.keys.create({ name: 'agent', scopes: 'read' }, { type: 'cli', id: 'alice' }).record;
    const agent = { type: 'mcp_agent' as const, id: key.key_id, name: 'claude' };
    dispatch(engine, 'inventory.listDevices', { search: "'; DROP TABLE devices; --" }, { actor: agent, scopes: key.scopes, auditCalls: true });
    expect(() => dispatch(engine, 'audit.list', {}, { actor: agent, scopes: key.scopes, auditCalls: true })).toThrow(/needs scope 'admin'/);
    const rows = engine.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;
    engine.close();

    const ok = io();
    expect(await runCli(['audit', 'verify', '--data-dir', dir], ok.value)).toBe(0);
    // The engine that wrote those rows left a checkpoint of them when it closed.
    expect(ok.out()).toMatch(new RegExp(`^audit chain ok: ${rows} entries, every hash and signature matches; last checkpoint at ${rows} \\(`));

    const out = join(dir, 'audit.jsonl');
    const exported = io();
    expect(await runCli(['audit', 'export', '--out', out, '--data-dir', dir], exported.value)).toBe(0);
    expect(exported.err()).toContain(`exported ${rows} audit entries to ${out}`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as AuditRow);
    expect(lines).toHaveLength(rows);
    // Each exported row still hashes to its own hash and chains to the one before.
    lines.forEach((row, i) => {
      const { hash, ...rest } = row;
      expect(rowDigest(rest)).toBe(hash);
      if (i > 0) expect(row.prev_hash).toBe(lines[i - 1].hash);
    });
    expect(lines.map((l) => [l.actor_type, l.action, l.outcome])).toContainEqual(['mcp_agent', 'audit.list', 'denied']);

    const raw = new Database(join(dir, DB_FILE));
    raw.prepare("UPDATE audit_log SET params = '{}' WHERE seq = 2").run();
    raw.close();
    const bad = io();
    expect(await runCli(['audit', 'verify', '--data-dir', dir], bad.value)).toBe(1);
    expect(bad.out()).toMatch(/^audit log BROKEN: 1 problem \(last checkpoint at 3 .*\)\n- edited: entry 2: row content does not match its hash: the row was edited$/m);
    const badJson = io();
    expect(await runCli(['audit', 'verify', '--data-dir', dir, '--json'], badJson.value)).toBe(1);
    expect(JSON.parse(badJson.out())).toMatchObject({ ok: false, problems: [{ kind: 'edited', first_seq: 2, last_seq: 2, source: 'chain' }] });
  });
});
