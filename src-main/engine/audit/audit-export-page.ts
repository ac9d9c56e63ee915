// One page of the audit log exactly as stored, for `audit.export`: rows after a sequence number, up to the
// head the export started at, so an export that takes several pages still ends where it began.
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import { sql } from '../db/sql';
import type { Engine } from '../engine';
import type { AuditRow } from './audit-log';

export function auditExportPage(engine: Engine, input: OpParsedInput<'audit.export'>): OpOutput<'audit.export'> {
  const through = input.through_seq ?? engine.sql.value<number>(sql`SELECT COALESCE(MAX(seq), 0) FROM audit_log`, 'audit.export head') ?? 0;
  const rows = engine.sql.all<AuditRow>(sql`SELECT * FROM audit_log WHERE seq > ${input.after_seq} AND seq <= ${through} ORDER BY seq LIMIT ${input.limit}`, 'audit.export page');
  const last = rows.length ? rows[rows.length - 1].seq : through;
  return { rows, through_seq: through, done: rows.length < input.limit || last >= through };
}
