// Migration 0120 (audit_log.mac) on a log written before rows were signed: the old rows stay as they
// are and verify, rows appended afterwards are signed, and an unsigned row after a signed one is forged.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditKey } from '../../../src-main/engine/audit/audit-key';
import { AuditLog, GENESIS_HASH, rowDigest, type AuditRow } from '../../../src-main/engine/audit/audit-log';
import { signCheckpoint } from '../../../src-main/engine/audit/checkpoint-file';
import { walkChain } from '../../../src-main/engine/audit/verify';
import { verifyAudit } from '../../../src-main/engine/audit/verify-anchor';
import { ManualClock } from '../../../src-main/engine/clock';
import { migrate } from '../../../src-main/engine/db/migrate';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';
import { SqlRunner } from '../../../src-main/engine/db/sql';
import { testLogger } from '../../support/test-logger';
import { AuditStore } from '../../../src-main/engine/audit/audit-store';

const storeOf = (db: Database.Database) => new AuditStore(new SqlRunner(db, testLogger));

function legacyLog(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.filter((m) => m.version < 120));
  // Two rows as the previous version wrote them: no mac column yet.
  let prev = GENESIS_HASH;
  for (const seq of [1, 2]) {
    const row = { seq, ts: 1_700_000_000_000 + seq, actor_type: 'cli', actor_id: 'alice', actor_name: null, action: 'keys.create', params: '{}', outcome: 'ok', detail: null, prev_hash: prev };
    prev = rowDigest(row);
    db.prepare('INSERT INTO audit_log VALUES (@seq, @ts, @actor_type, @actor_id, @actor_name, @action, @params, @outcome, @detail, @prev_hash, @hash)').run({ ...row, hash: prev });
  }
  expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.filter((m) => m.version >= 120).map((m) => m.version));
  return db;
}

/** A well-chained row that nobody signed, as someone without the key would append it. */
function appendUnsigned(db: Database.Database, seq: number): void {
  const head = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq - 1) as AuditRow;
  const forged = { ...head, seq, action: 'policy.releaseDevice', prev_hash: head.hash, mac: null };
  const { hash: _h, mac: _m, ...rest } = forged;
  db.prepare('INSERT INTO audit_log VALUES (@seq, @ts, @actor_type, @actor_id, @actor_name, @action, @params, @outcome, @detail, @prev_hash, @hash, @mac)').run({ ...forged, hash: rowDigest(rest) });
}

describe('migration 0120 audit-mac', () => {
  it('does not let an unsigned row pass as a pre-signing one once a checkpoint was taken, even with no signed row yet', () => {
    const db = legacyLog();
    const key = AuditKey.ephemeral();
    const head = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = 2').get() as { seq: number; hash: string };
    const checkpoint = signCheckpoint(key, { v: 1, seq: head.seq, hash: head.hash, entries: 2, row_ts: null, at: '2026-05-21T09:00:00.000Z', reason: 'timer' });
    expect(verifyAudit(storeOf(db), key, [{ name: 'cp', lines: [checkpoint] }])).toMatchObject({ ok: true, signed_from: null });
    appendUnsigned(db, 3);
    expect(verifyAudit(storeOf(db), key, [{ name: 'cp', lines: [checkpoint] }]).problems).toEqual([expect.objectContaining({ kind: 'forged', first_seq: 3, message: expect.stringMatching(/after the last checkpoint at 2: a forged append$/) })]);
  });

  it('keeps unsigned rows from before it valid, signs every row after it, and flags an unsigned row after a signed one', () => {
    const db = legacyLog();
    const key = AuditKey.ephemeral();
    const audit = new AuditLog(new SqlRunner(db, testLogger), new ManualClock(1_700_000_100_000), key);
    audit.append({ actor: { type: 'cli', id: 'alice' }, action: 'keys.revoke', params: { key_id: 'k1' }, outcome: 'ok' });
    expect(db.prepare('SELECT seq, mac IS NOT NULL AS signed FROM audit_log ORDER BY seq').all()).toEqual([{ seq: 1, signed: 0 }, { seq: 2, signed: 0 }, { seq: 3, signed: 1 }]);
    expect(walkChain(storeOf(db), { key })).toMatchObject({ rows: 3, signedFrom: 3, problems: [] });
    // Someone without the key appends a well-chained but unsigned row.
    appendUnsigned(db, 4);
    expect(walkChain(storeOf(db), { key }).problems).toEqual([expect.objectContaining({ kind: 'forged', first_seq: 4, last_seq: 4 })]);
    // Without the key (an exported copy checked elsewhere), the hash chain alone still holds.
    expect(walkChain(storeOf(db)).problems).toEqual([]);
  });
});
