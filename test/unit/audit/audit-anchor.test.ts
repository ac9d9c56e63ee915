// The audit chain's anchor through `threatmatic audit checkpoint|verify`: after a checkpoint, cutting
// rows from the end, editing the last row and re-hashing it, re-chaining after an edit and appending a
// forged row each make verify exit 1 naming what happened; a copy of the checkpoints kept elsewhere
// still catches a rewrite of the database and the data folder's checkpoints together.
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { cliIn as cli } from '../../support/cli-io';
import { AuditKey, AUDIT_KEY_FILE } from '../../../src-main/engine/audit/audit-key';
import { rowDigest, type AuditRow } from '../../../src-main/engine/audit/audit-log';
import { CHECKPOINTS_FILE } from '../../../src-main/engine/audit/checkpoint-file';
import { DB_FILE } from '../../../src-main/engine/data-dir';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';


/** Someone editing the database file directly (the engine is closed). */
function tamper(dir: string, edit: (db: Database.Database) => void): void {
  const db = new Database(join(dir, DB_FILE));
  try {
    edit(db);
  } finally {
    db.close();
  }
}

const rowAt = (db: Database.Database, seq: number) => db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as AuditRow;

/** Recomputes the hash (and, for an attacker who also read audit.key, the MAC) of rows from..to in order. */
function rehash(db: Database.Database, from: number, to: number, key?: AuditKey): void {
  for (let seq = from; seq <= to; seq++) {
    const { hash: _h, mac: _m, ...row } = rowAt(db, seq);
    const prev = seq === 1 ? row.prev_hash : rowAt(db, seq - 1).hash;
    const hash = rowDigest({ ...row, prev_hash: prev });
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, mac = ? WHERE seq = ?').run(prev, hash, key ? key.mac(hash) : null, seq);
  }
}

let dir: string;

/** 44 entries, then `audit checkpoint` (itself entry 45) anchors 45; automatic checkpoints at 10, 20, 30, 40 and 44 (shutdown) come first. */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tm-audit-anchor-'));
  const engine = Engine.open({ dataDir: dir, log: testLogger, checkpoints: { everyEntries: 10 } });
  for (let i = 1; i <= 44; i++) {
    engine.audit.append({ actor: { type: 'cli', id: 'alice' }, action: 'test.write', params: { i }, outcome: 'ok' });
    // Separate calls: the every-N checkpoint is written after each call's transaction.
    await Promise.resolve();
  }
  engine.close();
  const cp = await cli(dir, 'audit', 'checkpoint');
  expect(cp.code).toBe(0);
  expect(cp.out).toMatch(/^checkpoint: entry 45, hash [0-9a-f]{64}, 45 entries, at /);
  const ok = await cli(dir, 'audit', 'verify');
  expect(ok).toMatchObject({ code: 0 });
  expect(ok.out).toMatch(/^audit chain ok: 45 entries, every hash and signature matches; last checkpoint at 45 /);
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  expect(db.prepare('SELECT action, outcome, detail FROM audit_log WHERE seq = 45').get()).toMatchObject({ action: 'audit.checkpoint', outcome: 'ok', detail: expect.stringContaining('"seq":44') });
  db.close();
});

describe('audit verify with checkpoints', () => {
  it('keeps the checkpoints (every 10 entries, at shutdown, manual) in a 0600 file beside the database, with the 0600 key', () => {
    const lines = readFileSync(join(dir, CHECKPOINTS_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; reason: string });
    expect(lines.map((l) => [l.seq, l.reason])).toEqual([[10, 'entries'], [20, 'entries'], [30, 'entries'], [40, 'entries'], [44, 'shutdown'], [45, 'manual']]);
    expect(statSync(join(dir, CHECKPOINTS_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, AUDIT_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('names rows deleted from the end', async () => {
    tamper(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 40').run());
    const r = await cli(dir, 'audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toContain('- truncated: entries 41-45 missing: chain ends at 40, checkpoint at 45 (');
    // The chain alone still links: only the checkpoint knows.
    expect(r.out).toMatch(/^audit log BROKEN: 1 problem/);
  });

  it('names the last row edited and re-hashed, and that it is not signed', async () => {
    tamper(dir, (db) => {
      db.prepare('UPDATE audit_log SET params = ? WHERE seq = 45').run('{"i":"nothing happened"}');
      rehash(db, 45, 45);
    });
    const r = await cli(dir, 'audit', 'verify', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { problems: { kind: string; first_seq: number; last_seq: number; message: string }[] };
    expect(report.problems.map((p) => [p.kind, p.first_seq, p.last_seq])).toEqual([['forged', 45, 45], ['rechained', 45, 45]]);
    expect(report.problems[1].message).toMatch(/^entry 45 rewritten and re-hashed \(re-chained\): checkpoint at 45 .* the last checkpoint that still matches is at 44$/);
  });

  it('names a re-chain after an edit even when the signatures were recomputed with a stolen key', async () => {
    const key = AuditKey.forFolder(dir);
    tamper(dir, (db) => {
      db.prepare('UPDATE audit_log SET action = ? WHERE seq = 17').run('test.harmless');
      rehash(db, 17, 45, key);
    });
    const r = await cli(dir, 'audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^audit log BROKEN: 1 problem/);
    expect(r.out).toContain('- rechained: entries 11-20 rewritten and re-hashed (re-chained): checkpoint at 45');
    expect(r.out).toContain('the last checkpoint that still matches is at 10');
  });

  it('names a forged append after the last checkpoint, and refuses to anchor it', async () => {
    tamper(dir, (db) => {
      const head = rowAt(db, 45);
      const row = { ...head, seq: 46, action: 'policy.releaseDevice', params: '{"device_id":"cam-lobby-01"}', prev_hash: head.hash };
      const { hash: _h, mac: _m, ...rest } = row;
      db.prepare(`INSERT INTO audit_log (seq, ts, actor_type, actor_id, actor_name, action, params, outcome, detail, prev_hash, hash, mac)
        VALUES (@seq, @ts, @actor_type, @actor_id, @actor_name, @action, @params, @outcome, @detail, @prev_hash, @hash, @mac)`).run({ ...row, hash: rowDigest(rest), mac: 'f'.repeat(64) });
    });
    const r = await cli(dir, 'audit', 'verify');
    expect(r.code).toBe(1);
    expect(r.out).toContain("- forged: entry 46 not signed with this installation's audit key: appended or rewritten outside Threatmatic (forged) after the last checkpoint at 45: a forged append");
    const cp = await cli(dir, 'audit', 'checkpoint');
    expect(cp.code).toBe(2);
    expect(cp.err).toMatch(/does not verify since the last checkpoint, so it is not anchored: entry 46 not signed/);
  });

  it('catches, with a copy kept elsewhere, a rewrite of both the database and the checkpoints beside it', async () => {
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'tm-audit-copy-')), 'copy.jsonl');
    expect((await cli(dir, 'audit', 'checkpoint', '--out', elsewhere)).code).toBe(0);
    expect(statSync(elsewhere).mode & 0o777).toBe(0o600);
    // Root on this machine: cut the log and the local checkpoints back to entry 40.
    tamper(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 40').run());
    const local = readFileSync(join(dir, CHECKPOINTS_FILE), 'utf8').trim().split('\n').filter((l) => (JSON.parse(l) as { seq: number }).seq <= 40);
    writeFileSync(join(dir, CHECKPOINTS_FILE), `${local.join('\n')}\n`);
    expect((await cli(dir, 'audit', 'verify')).code).toBe(0);
    const r = await cli(dir, 'audit', 'verify', '--checkpoint', elsewhere);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`- truncated: entries 41-46 missing: chain ends at 40, checkpoint at 46 (`);
    expect(r.out).toContain(elsewhere);
  });

  it('reports a checkpoint line that is malformed or not signed with the key, and a missing --checkpoint file', async () => {
    const copy = join(dir, 'copy.jsonl');
    copyFileSync(join(dir, CHECKPOINTS_FILE), copy);
    const last = JSON.parse(readFileSync(copy, 'utf8').trim().split('\n').at(-1)!) as Record<string, unknown>;
    writeFileSync(copy, `${JSON.stringify({ ...last, seq: 99 })}\nnot json\n`, { flag: 'a' });
    const r = await cli(dir, 'audit', 'verify', '--checkpoint', copy);
    expect(r.code).toBe(1);
    expect(r.out).toContain('- checkpoint_invalid: line 7 of');
    expect(r.out).toContain('its MAC does not match the audit key');
    expect(r.out).toContain('- checkpoint_invalid: line 8 of');
    // The forged seq 99 is not trusted, so it claims no truncation.
    expect(r.out).not.toContain('truncated');
    const missing = await cli(dir, 'audit', 'verify', '--checkpoint', join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("--checkpoint: no such file '");
  });
});
