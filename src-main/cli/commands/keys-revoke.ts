// `threatmatic keys revoke ID`: the key stops working at once, in open sessions too (keys.revoke).
import { dispatch } from '../../engine/dispatch';
import type { CliCommand } from '../command';

export const keysRevokeCommand: CliCommand = {
  name: 'keys revoke',
  summary: 'Revoke an MCP API key (open sessions lose access on their next request)',
  args: 'KEY_ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const key = dispatch(ctx.engine(), 'keys.revoke', { key_id: ctx.positionals[0] }, ctx.call);
    ctx.emit(key, `Revoked ${key.key_id} '${key.name}' (${key.prefix}…) at ${key.revoked_at}.`);
  },
};
