// `threatmatic policy export --format nftables`: the policies in force as an `nft -f` ruleset (the
// policy.export operation), to stdout or written to FILE whole.
import { dispatch } from '../../engine/dispatch';
import { writeAtomically } from '../../engine/util/atomic-file';
import { CliUsageError, stringOpt, type CliCommand } from '../command';

export const policyExportCommand: CliCommand = {
  name: 'policy export',
  summary: 'Export the policies in force for an enforcement point (nftables)',
  maxArgs: 0,
  options: {
    format: { type: 'string', description: 'Output format: nftables (required)', valueName: 'FORMAT' },
    out: { type: 'string', description: 'Write to this file instead of stdout', valueName: 'FILE' },
  },
  details: `The nftables ruleset replaces table inet threatmatic (forward hook): load it with \`nft -f FILE\`.
Quarantined devices reach only their management addresses; allow exceptions come before blocks;
fleet blocks are interval sets of IPv4/IPv6 addresses and CIDRs. Domain names, apps, require_mfa and
monitor rules cannot be expressed in nftables and are listed as comments at the top.`,
  run(ctx) {
    const format = stringOpt(ctx, 'format');
    if (format !== 'nftables') throw new CliUsageError(format === undefined ? '--format is required (nftables)' : `--format must be nftables, got '${format}'`);
    const { ruleset } = dispatch(ctx.engine(), 'policy.export', { format }, ctx.call);
    const out = stringOpt(ctx, 'out');
    if (out !== undefined) {
      writeAtomically(out, (file) => file.write(ruleset));
      ctx.emit({ format, file: out, bytes: Buffer.byteLength(ruleset) }, `Wrote the nftables ruleset to ${out}; load it with: nft -f ${out}`);
      return;
    }
    ctx.emit({ format, ruleset }, ruleset.trimEnd());
  },
};
