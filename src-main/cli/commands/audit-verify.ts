// `threatmatic audit verify`: walks the hash chain; exit 1 and the first broken row when it was tampered with.
import type { AuditRow } from '../../engine/audit/audit-log';
import { verifyAuditChain } from '../../engine/audit/verify';
import type { CliCommand } from '../command';

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'Check the audit log hash chain (exit 1 naming the first broken row)',
  maxArgs: 0,
  run(ctx) {
    const db = ctx.engine().db;
    const report = verifyAuditChain(db);
    if (report.ok) {
      ctx.emit(report, `audit chain ok: ${report.rows} entries, every hash matches.`);
      return 0;
    }
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(report.broken_at) as AuditRow | undefined;
    ctx.emit({ ...report, row: row ?? null }, `audit chain BROKEN at seq ${report.broken_at}: ${report.reason}\nrow: ${row ? JSON.stringify(row) : '(missing)'}`);
    return 1;
  },
};
