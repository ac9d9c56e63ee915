// `threatmatic keys list`: the MCP API keys (id, name, prefix, scopes), never the keys themselves (keys.list).
import { dispatch } from '../../engine/dispatch';
import type { CliCommand } from '../command';
import { table } from '../format';

export const keysListCommand: CliCommand = {
  name: 'keys list',
  summary: 'List MCP API keys (active ones; --all adds revoked)',
  maxArgs: 0,
  options: { all: { type: 'boolean', description: 'Include revoked keys' } },
  run(ctx) {
    const { keys } = dispatch(ctx.engine(), 'keys.list', { include_revoked: ctx.values.all === true }, ctx.call);
    ctx.emit({ keys }, () =>
      table(
        keys.map((k) => ({ ...k, approval: k.require_approval ? `yes (${k.approval_ttl_seconds} s)` : 'no', revoked: k.revoked_at ?? '' })),
        ['key_id', 'name', 'prefix', 'scopes', 'approval', 'created_at', ...(ctx.values.all ? ['revoked'] : [])],
      ),
    );
  },
};
