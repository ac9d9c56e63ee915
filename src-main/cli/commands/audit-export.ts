// `threatmatic audit export [--out FILE]`: the audit log as JSON Lines, oldest first, rows exactly as
// stored (hashes included) so the copy can be checked again elsewhere; read a page at a time through the
// audit.export operation. FILE is replaced only once the whole export was written: a refused database or
// a full disk leaves an existing FILE as it was.
import { writeSync } from 'node:fs';
import { dispatch } from '../../engine/dispatch';
import { writeAtomically } from '../../engine/util/atomic-file';
import { stringOpt, type CliCommand, type CliContext } from '../command';

/** Pages through the log up to the head it found first, writing each page as JSON Lines; returns the rows written. */
function exportTo(ctx: CliContext, write: (s: string) => void): number {
  const engine = ctx.engine();
  let rows = 0;
  let after = 0;
  let through: number | undefined;
  for (;;) {
    const page = dispatch(engine, 'audit.export', { after_seq: after, through_seq: through }, ctx.call);
    if (page.rows.length) write(page.rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    rows += page.rows.length;
    through = page.through_seq;
    if (page.done || page.rows.length === 0) return rows;
    after = page.rows[page.rows.length - 1].seq;
  }
}

export const auditExportCommand: CliCommand = {
  name: 'audit export',
  summary: 'Export the audit log as JSON Lines (to stdout or --out FILE)',
  maxArgs: 0,
  options: { out: { type: 'string', description: 'Write to this file (replaced once the export is complete) instead of stdout', valueName: 'FILE' } },
  run(ctx) {
    const out = stringOpt(ctx, 'out');
    // The database first: when it is refused, no output file is even started.
    ctx.engine();
    const rows = out ? writeAtomically(out, (file) => exportTo(ctx, (s) => file.write(s))) : exportTo(ctx, (s) => writeSync(1, s));
    ctx.note(`exported ${rows} audit entries${out ? ` to ${out}` : ''}`);
  },
};
