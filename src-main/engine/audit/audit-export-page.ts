// One page of the audit log exactly as stored, for `audit.export`: rows after a sequence number, up to the
// head the export started at, so an export that takes several pages still ends where it began.
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { Engine } from '../engine';

export function auditExportPage(engine: Engine, input: OpParsedInput<'audit.export'>): OpOutput<'audit.export'> {
  const store = engine.audit.store;
  const through = input.through_seq ?? store.headSeq();
  const rows = store.rowsBetween(input.after_seq, through, input.limit);
  const last = rows.length ? rows[rows.length - 1].seq : through;
  return { rows, through_seq: through, done: rows.length < input.limit || last >= through };
}
