// `threatmatic keys revoke ID`: the key stops working at once, in open sessions too.
import type { CliCommand } from '../command';

export const keysRevokeCommand: CliCommand = {
  name: 'keys revoke',
  summary: 'Revoke an MCP API key (open sessions lose access on their next request)',
  args: 'KEY_ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const key = ctx.engine().keys.revoke(ctx.positionals[0], ctx.actor);
    ctx.emit(key, `Revoked ${key.key_id} '${key.name}' (${key.prefix}…) at ${key.revoked_at}.`);
  },
};
