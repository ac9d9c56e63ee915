// Walks the audit chain and reports the first row that was edited, inserted or removed.
import type { Db } from '../db/open';
import { GENESIS_HASH, rowDigest, type AuditRow } from './audit-log';

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** First bad sequence number and why, when the chain is broken. */
  broken_at?: number;
  reason?: string;
}

export function verifyAuditChain(db: Db): ChainReport {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    rows++;
    if (row.seq !== expectedSeq) return { ok: false, rows, broken_at: row.seq, reason: `sequence jumps from ${expectedSeq - 1} to ${row.seq}: rows were deleted` };
    if (row.prev_hash !== prevHash) return { ok: false, rows, broken_at: row.seq, reason: 'prev_hash does not match the previous row: a row was inserted, deleted or edited before it' };
    const { hash, ...rest } = row;
    if (rowDigest(rest) !== hash) return { ok: false, rows, broken_at: row.seq, reason: 'row content does not match its hash: the row was edited' };
    prevHash = hash;
    expectedSeq++;
  }
  return { ok: true, rows };
}
