// `threatmatic assets list|show|register|retire`: the AI asset registry (agents and MCP servers) from the
// command line, through the same operations as the REST API, MCP and the console.
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, intOpt, stringOpt, type CliCommand, type CliContext } from '../command';
import { table } from '../format';

/** A comma-separated option, repeatable: `--tools a,b --tools c`. */
function listOpt(ctx: CliContext, name: string): string[] | undefined {
  const v = ctx.values[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [String(v)]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
}

export const assetsListCommand: CliCommand = {
  name: 'assets list',
  summary: 'List AI agents and MCP servers: status, owner, last heartbeat',
  maxArgs: 0,
  options: {
    kind: { type: 'string', description: 'Only agent or mcp_server', valueName: 'K' },
    status: { type: 'string', description: 'Only active, idle or retired', valueName: 'S' },
    owner: { type: 'string', description: 'Only this owner', valueName: 'O' },
    search: { type: 'string', description: 'Name or owner contains this text', valueName: 'TEXT' },
    limit: { type: 'string', description: 'At most this many rows (default 50)', valueName: 'N' },
    offset: { type: 'string', description: 'Skip this many rows (default 0)', valueName: 'N' },
  },
  run(ctx) {
    const out = dispatch(ctx.engine(), 'assets.list', {
      kind: stringOpt(ctx, 'kind'), status: stringOpt(ctx, 'status'), owner: stringOpt(ctx, 'owner'), search: stringOpt(ctx, 'search'),
      limit: intOpt(ctx, 'limit', 50, 1), offset: intOpt(ctx, 'offset', 0),
    }, { actor: ctx.actor });
    ctx.emit(out, () => {
      const rows = out.assets.map((a) => ({ id: a.id, kind: a.kind, name: a.name, status: a.status, owner: a.owner ?? '', last_seen: a.last_seen_at ?? 'never', detail: a.kind === 'agent' ? [a.framework, a.models.join(' ')].filter(Boolean).join(' · ') : (a.url ?? a.command ?? '') }));
      return `${table(rows, ['id', 'kind', 'name', 'status', 'owner', 'last_seen', 'detail'])}\n${out.assets.length} of ${out.total} assets`;
    });
  },
};

export const assetsShowCommand: CliCommand = {
  name: 'assets show',
  summary: 'One AI agent or MCP server, with an agent\'s last 24 hours of activity',
  args: 'ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const engine = ctx.engine();
    const { asset } = dispatch(engine, 'assets.get', { asset_id: ctx.positionals[0] }, { actor: ctx.actor });
    const activity = asset.kind === 'agent' ? dispatch(engine, 'agents.activity', { agent_id: asset.id, limit: 10 }, { actor: ctx.actor }) : null;
    ctx.emit({ asset, activity }, () => {
      const fields = Object.entries(asset).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => `${k.padEnd(17)} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      if (!activity) return fields.join('\n');
      const s = activity.summary;
      const summary = `last 24 h: ${s.runs} runs, ${s.llm_calls} LLM calls (${s.input_tokens}+${s.output_tokens} tokens), ${s.tool_calls} tool calls, ${s.errors} errors, ${s.blocked} blocked; dropped by the agent: ${s.dropped_reported}`;
      const recent = table(activity.events.map((e) => ({ ts: e.ts, type: e.type, run: e.run_id ?? '', what: e.type === 'tool_call' ? `${e.server ?? ''}/${e.tool ?? ''}` : (e.model ?? ''), outcome: e.outcome ?? e.error ?? '' })), ['ts', 'type', 'run', 'what', 'outcome']);
      return `${fields.join('\n')}\n\n${summary}\n${recent}`;
    });
  },
};

export const assetsRegisterCommand: CliCommand = {
  name: 'assets register',
  summary: 'Register an AI agent or MCP server (the same kind and name again updates it)',
  args: 'KIND NAME',
  minArgs: 2,
  maxArgs: 2,
  options: {
    owner: { type: 'string', description: 'Who answers for it', valueName: 'O' },
    environment: { type: 'string', description: 'production, staging, development, test or other', valueName: 'E' },
    framework: { type: 'string', description: 'Agent framework', valueName: 'F' },
    models: { type: 'string', multiple: true, description: 'Models an agent calls, comma-separated', valueName: 'M,M' },
    'mcp-servers': { type: 'string', multiple: true, description: 'MCP servers an agent reaches, comma-separated', valueName: 'S,S' },
    tools: { type: 'string', multiple: true, description: 'Tools an agent can call, comma-separated', valueName: 'T,T' },
    'data-access': { type: 'string', multiple: true, description: 'Declared data access, comma-separated', valueName: 'D,D' },
    transport: { type: 'string', description: 'MCP server transport: stdio, streamable_http or sse', valueName: 'T' },
    command: { type: 'string', description: 'Launch command of a stdio MCP server', valueName: 'CMD' },
    url: { type: 'string', description: 'URL of an HTTP MCP server', valueName: 'URL' },
    version: { type: 'string', description: 'Server version', valueName: 'V' },
    publisher: { type: 'string', description: 'Server publisher', valueName: 'P' },
  },
  details: 'KIND is agent or mcp_server.\nExample: threatmatic assets register mcp_server filesystem --transport stdio --command "npx -y @modelcontextprotocol/server-filesystem /srv"',
  run(ctx) {
    const [kind, name] = ctx.positionals;
    const out = dispatch(ctx.engine(), 'assets.register', {
      kind, name, owner: stringOpt(ctx, 'owner'), environment: stringOpt(ctx, 'environment'), framework: stringOpt(ctx, 'framework'),
      models: listOpt(ctx, 'models'), mcp_servers: listOpt(ctx, 'mcp-servers'), tools: listOpt(ctx, 'tools'), data_access: listOpt(ctx, 'data-access'),
      transport: stringOpt(ctx, 'transport'), command: stringOpt(ctx, 'command'), url: stringOpt(ctx, 'url'), version: stringOpt(ctx, 'version'), publisher: stringOpt(ctx, 'publisher'),
    }, { actor: ctx.actor });
    ctx.emit(out, `${out.created ? 'registered' : 'updated'} ${out.asset.kind} ${out.asset.name}: ${out.asset.id}`);
  },
};

export const assetsRetireCommand: CliCommand = {
  name: 'assets retire',
  summary: 'Retire an AI agent or MCP server (kept in the registry, marked retired; audited)',
  args: 'ID',
  minArgs: 1,
  maxArgs: 1,
  options: { reason: { type: 'string', description: 'Why (required)', valueName: 'TEXT' } },
  run(ctx) {
    const reason = stringOpt(ctx, 'reason');
    if (!reason) throw new CliUsageError('--reason is required: say why the asset is retired');
    const { asset } = dispatch(ctx.engine(), 'assets.retire', { asset_id: ctx.positionals[0], reason }, { actor: ctx.actor });
    ctx.emit({ asset }, `${asset.id}: retired (${asset.retired_reason})`);
  },
};
