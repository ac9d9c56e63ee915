// `threatmatic audit export [--out FILE]`: the audit log as JSON Lines, oldest first, rows exactly as
// stored (hashes included) so the copy can be checked again elsewhere. FILE is replaced only once the
// whole export was written: a refused database or a full disk leaves an existing FILE as it was.
import { writeSync } from 'node:fs';
import { iterateAudit } from '../../engine/audit/audit-query';
import { writeAtomically } from '../../engine/util/atomic-file';
import { stringOpt, type CliCommand } from '../command';

const FLUSH = 1 << 20;

export const auditExportCommand: CliCommand = {
  name: 'audit export',
  summary: 'Export the audit log as JSON Lines (to stdout or --out FILE)',
  maxArgs: 0,
  options: { out: { type: 'string', description: 'Write to this file (replaced once the export is complete) instead of stdout', valueName: 'FILE' } },
  run(ctx) {
    const out = stringOpt(ctx, 'out');
    // The database first: when it is refused, no output file is even started.
    const store = ctx.engine().audit.store;
    const exportTo = (write: (s: string) => void) => {
      let rows = 0;
      let chunk = '';
      for (const row of iterateAudit(store)) {
        chunk += `${JSON.stringify(row)}\n`;
        rows++;
        if (chunk.length > FLUSH) {
          write(chunk);
          chunk = '';
        }
      }
      if (chunk) write(chunk);
      return rows;
    };
    const rows = out ? writeAtomically(out, (file) => exportTo((s) => file.write(s))) : exportTo((s) => writeSync(1, s));
    ctx.note(`exported ${rows} audit entries${out ? ` to ${out}` : ''}`);
  },
};
