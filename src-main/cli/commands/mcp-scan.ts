// `threatmatic mcp-scan`: scan every MCP server configured on this machine (client config files, the
// asset registry, --config and --tools-json files), with JSON or SARIF output and a CI exit code;
// `mcp-scan approve SERVER` pins a server's listing; `mcp-scan diff SERVER` shows what changed since.
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { SEVERITIES, type Severity } from '@shared/domain/enums';
import type { McpScanResult } from '@shared/contract/operations/mcp-scan-schemas';
import { SEVERITY_RANK } from '../../engine/anomalies/types';
import { dispatch } from '../../engine/dispatch';
import { JudgeConfigError, judgeConfigFromEnv, type JudgeConfig } from '../../engine/mcpscan/judge';
import type { RunnableRule } from '../../engine/mcpscan/rules/text-rules';
import { loadUserRules, UserRuleError } from '../../engine/mcpscan/rules/user-rules';
import { toSarif } from '../../engine/mcpscan/sarif';
import { scanMachine } from '../../engine/mcpscan/scan-machine';
import { MCP_SERVER_VERSION } from '../../doors/mcp/server-version';
import { CliUsageError, intOpt, stringOpt, type CliCommand, type CliContext } from '../command';
import { table } from '../format';

const list = (ctx: CliContext, name: string): string[] => {
  const v = ctx.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};

function human(r: McpScanResult): string {
  const lines: string[] = [];
  for (const s of r.servers) {
    const state = s.status === 'error' ? `UNREACHABLE: ${s.error}` : `${s.tool_count} tools, pin ${s.pin.status}, trust ${s.trust.score}, stability ${s.schema_stability}`;
    lines.push(`${s.name} [${s.source.client}] ${s.command ?? s.url ?? s.source.file ?? ''}\n  ${state}`);
    for (const f of s.findings) lines.push(`  ${f.severity.toUpperCase()} ${f.rule_id} ${f.tool ?? ''} ${f.pointer}\n    ${f.explanation}\n    matched: ${JSON.stringify(f.matched.slice(0, 200))}`);
  }
  for (const p of r.problems) lines.push(`! ${p.file}: ${p.reason}`);
  const f = r.summary.findings;
  lines.push(`${r.summary.servers} servers, ${r.summary.unreachable} unreachable, ${r.summary.changed} changed since approval; findings: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low`);
  return lines.join('\n');
}

/** The optional local judge from the environment; a bad setting is the user's to fix (exit 2), named. */
function judgeConfig(ctx: CliContext): JudgeConfig | null {
  try {
    return judgeConfigFromEnv(ctx.env);
  } catch (err) {
    if (err instanceof JudgeConfigError) throw new CliUsageError(err.message);
    throw err;
  }
}

export const mcpScanCommand: CliCommand = {
  name: 'mcp-scan',
  summary: 'Scan the MCP servers configured on this machine and in the registry: poisoning, shadowing, rug pulls',
  maxArgs: 0,
  options: {
    config: { type: 'string', multiple: true, description: 'Also read this MCP client config file (repeatable)', valueName: 'FILE' },
    'tools-json': { type: 'string', multiple: true, description: 'Scan a saved tools/list result instead of connecting (repeatable; alone, nothing else is scanned)', valueName: 'FILE' },
    sarif: { type: 'string', description: 'Write SARIF 2.1.0 to this file', valueName: 'FILE' },
    ci: { type: 'boolean', description: 'Exit 1 when a finding is at or above --fail-on' },
    'fail-on': { type: 'string', description: 'Severity that fails --ci: low, medium, high (default), critical', valueName: 'SEV' },
    timeout: { type: 'string', description: 'Milliseconds to wait for a server to start and answer (default 15000)', valueName: 'MS' },
    'no-registry': { type: 'boolean', description: 'Leave out the MCP servers of the asset registry' },
    rules: { type: 'string', description: 'Also run your own rules from this JSON file (docs/mcp-scan-rules.md)', valueName: 'FILE' },
  },
  details: `Client config files read (Linux, macOS and Windows locations under $HOME): docs/mcp-scan.md.
Servers are launched with only the environment their config gives plus PATH.
Examples:
  threatmatic mcp-scan --json
  threatmatic mcp-scan --tools-json tools.json --sarif mcp.sarif --ci --fail-on medium`,
  async run(ctx) {
    const failOn = (stringOpt(ctx, 'fail-on') ?? 'high') as Severity;
    if (!SEVERITIES.includes(failOn)) throw new CliUsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got '${failOn}'`);
    const rulesFile = stringOpt(ctx, 'rules');
    let userRules: RunnableRule[] | undefined;
    try {
      userRules = rulesFile ? loadUserRules(rulesFile) : undefined;
    } catch (err) {
      if (err instanceof UserRuleError) throw new CliUsageError(`--rules ${rulesFile}: ${err.message}`);
      throw err;
    }
    const engine = ctx.engine();
    const result = await scanMachine(engine, {
      home: ctx.env.HOME ?? ctx.env.USERPROFILE ?? homedir(), cwd: process.cwd(), configs: list(ctx, 'config'), toolsJson: list(ctx, 'tools-json'),
      timeoutMs: intOpt(ctx, 'timeout', 15_000, 100), registry: !ctx.values['no-registry'], userRules, judge: judgeConfig(ctx),
    }, ctx.actor, ctx.stderrIsTTY ? (t) => ctx.status(t) : undefined);
    const sarifFile = stringOpt(ctx, 'sarif');
    if (sarifFile) writeFileSync(sarifFile, `${JSON.stringify(toSarif(result, MCP_SERVER_VERSION), null, 2)}\n`);
    ctx.emit(result, () => human(result));
    if (!ctx.values.ci) return 0;
    const failing = result.servers.some((s) => s.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]));
    return failing ? 1 : 0;
  },
};

export const mcpScanApproveCommand: CliCommand = {
  name: 'mcp-scan approve',
  summary: "Pin an MCP server's current listing (its last scan); later changes are reported as rug pulls (audited)",
  args: 'SERVER',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const out = dispatch(ctx.engine(), 'mcpscan.approve', { server: ctx.positionals[0] }, { actor: ctx.actor });
    ctx.emit(out, `approved ${out.server_key}: ${out.fingerprint}${out.previous_fingerprint ? ` (was ${out.previous_fingerprint})` : ''}`);
  },
};

export const mcpScanDiffCommand: CliCommand = {
  name: 'mcp-scan diff',
  summary: 'What changed in an MCP server since it was approved, field by field',
  args: 'SERVER',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const out = dispatch(ctx.engine(), 'mcpscan.diff', { server: ctx.positionals[0] }, { actor: ctx.actor });
    ctx.emit(out, () => {
      if (!out.diff) return `${out.server_key}: ${out.pin_status === 'unpinned' ? 'not approved yet' : 'unchanged since approval'}`;
      const d = out.diff;
      const rows = [
        ...d.added.map((t) => ({ change: 'added', tool: t, field: '', before: '', after: '' })),
        ...d.removed.map((t) => ({ change: 'removed', tool: t, field: '', before: '', after: '' })),
        ...d.renamed.map((r) => ({ change: 'renamed', tool: r.to, field: 'name', before: r.from, after: r.to })),
        ...d.changed.flatMap((c) => c.changes.map((x) => ({ change: 'changed', tool: c.tool, field: x.field, before: JSON.stringify(x.before), after: JSON.stringify(x.after) }))),
        ...d.server_changes.map((x) => ({ change: 'changed', tool: '(server)', field: x.field, before: JSON.stringify(x.before), after: JSON.stringify(x.after) })),
      ];
      return `${out.server_key}: changed since ${out.approved_at}\n${table(rows, ['change', 'tool', 'field', 'before', 'after'])}`;
    });
  },
};
