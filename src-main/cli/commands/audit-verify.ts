// `threatmatic audit verify [--checkpoint FILE]`: the audit.verify operation; exit 1 naming each problem
// (edited, missing, truncated, re-chained, forged) when the log was tampered with. The CLI reads the
// --checkpoint copy and passes its lines to the operation.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJsonLines } from '../../engine/audit/checkpoint-file';
import { dispatch } from '../../engine/dispatch';
import { UserError } from '../../engine/errors';
import { readRegularTextFile, unreadableFile } from '../../engine/util/input-file';
import { CliUsageError, stringOpt, type CliCommand } from '../command';

/** The copy's text: like every file the CLI reads for an operation, a regular file of bounded size (a FIFO or /dev/zero is refused at once). */
function readCheckpointFile(file: string): string {
  try {
    return readRegularTextFile(file);
  } catch (err) {
    throw err instanceof UserError ? err : unreadableFile(file, err);
  }
}

export const auditVerifyCommand: CliCommand = {
  name: 'audit verify',
  summary: 'Check the audit log: hash chain, signatures, and checkpoints (exit 1 naming each problem)',
  maxArgs: 0,
  options: { checkpoint: { type: 'string', description: 'Also check against this checkpoints file (e.g. a copy from `audit checkpoint --out`)', valueName: 'FILE' } },
  details: `Compares the log with the checkpoints in the data folder (audit-checkpoints.jsonl) and, with --checkpoint,
with a copy kept elsewhere: rows missing at the end, rows rewritten and re-hashed, and rows appended by someone
without the audit key are each named. What this does and does not protect against: docs/audit.md.`,
  run(ctx) {
    const file = stringOpt(ctx, 'checkpoint');
    if (file !== undefined && !existsSync(file)) throw new CliUsageError(`--checkpoint: no such file '${file}'`);
    const input = file === undefined ? {} : { checkpoints: parseJsonLines(readCheckpointFile(file)), checkpoint_source: resolve(file) };
    const report = dispatch(ctx.engine(), 'audit.verify', input, ctx.call);
    const last = report.last_checkpoint;
    const anchor = last ? `last checkpoint at ${last.seq} (${last.at})${report.unanchored ? `, ${report.unanchored} ${report.unanchored === 1 ? 'entry' : 'entries'} since` : ''}` : 'no checkpoint yet';
    if (report.ok) {
      ctx.emit(report, `audit chain ok: ${report.entries} entries, every hash and signature matches; ${anchor}.`);
      return 0;
    }
    ctx.emit(report, `audit log BROKEN: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} (${anchor})\n${report.problems.map((p) => `- ${p.kind}: ${p.message}`).join('\n')}`);
    return 1;
  },
};
