// `threatmatic keys create`: a new MCP API key with Permission Scopes, printed once (only its hash is kept);
// the keys.create operation.
import { SCOPES } from '@shared/domain/enums';
import { dispatch } from '../../engine/dispatch';
import { APPROVAL_TTL_LIMITS, DEFAULT_APPROVAL_TTL_S } from '../../engine/keys/key-store';
import { CliUsageError, intOpt, type CliCommand } from '../command';

export const keysCreateCommand: CliCommand = {
  name: 'keys create',
  summary: 'Create an MCP API key with scopes (the key is shown once)',
  maxArgs: 0,
  options: {
    name: { type: 'string', description: 'What the key is for, e.g. claude-desktop', valueName: 'NAME' },
    scopes: { type: 'string', multiple: true, description: `Comma-separated scopes: ${SCOPES.join(', ')}`, valueName: 'S[,S]' },
    'require-approval': { type: 'boolean', description: 'Calls that change containment or access wait for an analyst (threatmatic approvals approve ID)' },
    'approval-ttl': { type: 'string', description: `Seconds a held action waits before it expires (default ${DEFAULT_APPROVAL_TTL_S})`, valueName: 'SECONDS' },
  },
  details: `Scopes (the spec's Permission Scopes table): read = events, posture, threat context; policy:read; policy:write;
device:isolate; user:suspend; destination:block; incident:manage; admin = all of them.
Give each agent the least it needs. Example:
  threatmatic keys create --name soc-agent --scopes read,device:isolate,destination:block --require-approval`,
  run(ctx) {
    const name = ctx.values.name;
    if (typeof name !== 'string') throw new CliUsageError('--name is required');
    const scopes = ctx.values.scopes;
    if (!Array.isArray(scopes) || scopes.length === 0) throw new CliUsageError(`--scopes is required; valid scopes: ${SCOPES.join(', ')}`);
    const ttl = intOpt(ctx, 'approval-ttl', DEFAULT_APPROVAL_TTL_S, APPROVAL_TTL_LIMITS[0]);
    const created = dispatch(ctx.engine(), 'keys.create', { name, scopes, require_approval: ctx.values['require-approval'] === true, approval_ttl_seconds: ttl }, ctx.call);
    const { key, ...record } = created;
    ctx.emit(created, () =>
      [
        `Created API key ${record.key_id} '${record.name}': scopes ${record.scopes.join(', ')}` +
          (record.require_approval ? `; calls that change containment or access wait for approval (expire after ${record.approval_ttl_seconds} s)` : ''),
        '',
        'The key (shown this once; only its hash is stored):',
        key,
        '',
        'Give it to the MCP client as THREATMATIC_API_KEY (stdio) or Authorization: Bearer (HTTP): see docs/mcp.md.',
      ].join('\n'),
    );
  },
};
