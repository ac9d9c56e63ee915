// `threatmatic intel lookup INDICATOR`: the threat context of an IP, CIDR, domain, URL or hash.
import { dispatch } from '../../engine/dispatch';
import type { CliCommand } from '../command';
import { keyValues } from '../format';

export const intelLookupCommand: CliCommand = {
  name: 'intel lookup',
  summary: 'Show the threat context of an IP, CIDR, domain, URL or file hash from the local intel store',
  args: 'INDICATOR',
  minArgs: 1,
  maxArgs: 1,
  details: 'Example: threatmatic intel lookup 185.234.47.21 --json',
  run(ctx) {
    const c = dispatch(ctx.engine(), 'intel.lookup', { indicator: ctx.positionals[0] }, ctx.call);
    ctx.emit(c, () => keyValues({ ...c, categories: c.categories.join(', ') || '-', threat_actors: c.threat_actors.join(', ') || '-' }));
  },
};
