// The audit chain detects any edited, inserted or deleted row.
import { describe, expect, it } from 'vitest';
import { AuditLog, GENESIS_HASH } from '../../../src-main/engine/audit/audit-log';
import { verifyAuditChain } from '../../../src-main/engine/audit/verify';
import { ManualClock } from '../../../src-main/engine/clock';
import { openDatabase } from '../../../src-main/engine/db/open';
import { SqlRunner } from '../../../src-main/engine/db/sql';
import { testLogger } from '../../support/test-logger';

const actor = { type: 'cli' as const, id: 'tester' };

function chainOf(n: number) {
  const db = openDatabase(':memory:');
  const audit = new AuditLog(new SqlRunner(db, testLogger), new ManualClock(Date.UTC(2026, 4, 21)));
  for (let i = 0; i < n; i++) audit.append({ actor, action: 'test.write', params: { i }, outcome: 'ok' });
  return { db, audit, store: audit.store };
}

describe('audit chain', () => {
  it('links each row to the previous one from the genesis hash', () => {
    const { db, store } = chainOf(3);
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(verifyAuditChain(store)).toEqual({ ok: true, rows: 3 });
  });

  it('detects an edited row', () => {
    const { db, store } = chainOf(5);
    db.prepare("UPDATE audit_log SET params = '{\"i\":99}' WHERE seq = 3").run();
    expect(verifyAuditChain(store)).toMatchObject({ ok: false, broken_at: 3, reason: expect.stringMatching(/edited/) });
  });

  it('detects a deleted row', () => {
    const { db, store } = chainOf(5);
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditChain(store)).toMatchObject({ ok: false, broken_at: 2, reason: 'entry 2 missing: sequence jumps from 1 to 3' });
  });

  it('detects an inserted row', () => {
    const { db, store } = chainOf(4);
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as Record<string, unknown>;
    db.prepare('UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3').run();
    db.prepare('UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100').run();
    db.prepare(`INSERT INTO audit_log (seq, ts, actor_type, actor_id, actor_name, action, params, outcome, detail, prev_hash, hash)
      VALUES (3, @ts, @actor_type, @actor_id, @actor_name, 'forged', @params, @outcome, @detail, @hash, @hash)`).run(row);
    expect(verifyAuditChain(store)).toMatchObject({ ok: false, broken_at: 3 });
  });

  it('record() commits the change and its entry together, or neither', () => {
    const { db, audit } = chainOf(0);
    db.exec('CREATE TABLE thing (x INTEGER)');
    audit.record(actor, 'thing.add', { x: 1 }, () => db.prepare('INSERT INTO thing VALUES (1)').run());
    expect(() =>
      audit.record(actor, 'thing.add', { x: 2 }, () => {
        db.prepare('INSERT INTO thing VALUES (2)').run();
        throw new Error('change failed');
      }),
    ).toThrow('change failed');
    expect(db.prepare('SELECT COUNT(*) FROM thing').pluck().get()).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(1);
  });
});
