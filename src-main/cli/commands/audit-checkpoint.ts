// `threatmatic audit checkpoint [--out FILE]`: the audit.checkpoint operation, plus a copy of the
// checkpoint line appended to a file the user keeps elsewhere (what still catches a rewrite by root).
import { resolve } from 'node:path';
import { appendCheckpointLine } from '../../engine/audit/checkpoint-file';
import { dispatch } from '../../engine/dispatch';
import { stringOpt, type CliCommand } from '../command';

export const auditCheckpointCommand: CliCommand = {
  name: 'audit checkpoint',
  summary: 'Checkpoint the audit chain head now (also appended to --out FILE, a copy to keep elsewhere)',
  maxArgs: 0,
  options: { out: { type: 'string', description: 'Also append the checkpoint to this file (created 0600)', valueName: 'FILE' } },
  details: 'Checkpoints are also written on their own every 100 entries, every 10 minutes and at shutdown of serve, mcp\nand the desktop app. See docs/audit.md.',
  run(ctx) {
    const out = stringOpt(ctx, 'out');
    const result = dispatch(ctx.engine(), 'audit.checkpoint', {}, ctx.call);
    if (out) appendCheckpointLine(out, result.checkpoint);
    const cp = result.checkpoint;
    const where = [result.file, out ? resolve(out) : null].filter(Boolean).join(' and ');
    ctx.emit({ ...result, out: out ? resolve(out) : null }, `checkpoint: entry ${cp.seq}, hash ${cp.hash}, ${cp.entries} entries, at ${cp.at}${where ? `; appended to ${where}` : ''}`);
  },
};
