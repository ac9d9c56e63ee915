// `threatmatic audit export [--out FILE]`: the audit log as JSON Lines, oldest first, rows exactly as
// stored (hashes included) so the copy can be checked again elsewhere.
import { closeSync, openSync, writeSync } from 'node:fs';
import { iterateAudit } from '../../engine/audit/audit-query';
import { stringOpt, type CliCommand } from '../command';

export const auditExportCommand: CliCommand = {
  name: 'audit export',
  summary: 'Export the audit log as JSON Lines (to stdout or --out FILE)',
  maxArgs: 0,
  options: { out: { type: 'string', description: 'Write to this file (replaced) instead of stdout', valueName: 'FILE' } },
  run(ctx) {
    const out = stringOpt(ctx, 'out');
    const fd = out ? openSync(out, 'w') : 1;
    let rows = 0;
    try {
      let chunk = '';
      for (const row of iterateAudit(ctx.engine().db)) {
        chunk += `${JSON.stringify(row)}\n`;
        rows++;
        if (chunk.length > 1 << 20) {
          writeSync(fd, chunk);
          chunk = '';
        }
      }
      if (chunk) writeSync(fd, chunk);
    } finally {
      if (out) closeSync(fd);
    }
    ctx.note(`exported ${rows} audit entries${out ? ` to ${out}` : ''}`);
  },
};
