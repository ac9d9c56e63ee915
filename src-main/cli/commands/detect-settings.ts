// `threatmatic detect settings`: the detector and baseline thresholds in force (detect.settings);
// `threatmatic detect set KEY=VALUE...`: change some (detect.setSettings: validated, audited).
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, type CliCommand } from '../command';
import { table } from '../format';

type Tree = { [key: string]: unknown };

/** Every leaf of a settings tree as [dotted.key, value], in the tree's order. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v as Tree, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}

function settingsTable(r: { settings: Tree; defaults: Tree }): string {
  const defaults = new Map(leaves(r.defaults));
  const rows = leaves(r.settings).map(([key, value]) => ({ key, value, default: value === defaults.get(key) ? '' : defaults.get(key) }));
  const changed = rows.filter((x) => x.default !== '').length;
  return `${table(rows, ['key', 'value', 'default'])}\n${changed} of ${rows.length} differ from the defaults (the default column shows the default where they do)`;
}

/** `lateral.min_hosts=12` → { lateral: { min_hosts: 12 } }: numbers and true/false; the operation checks names and ranges. */
function assignments(args: string[]): Tree {
  const tree: Tree = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new CliUsageError(`expected KEY=VALUE, got '${arg}'`);
    const path = arg.slice(0, eq).split('.');
    // Names as `detect settings` shows them; anything else (`__proto__`) never reaches an object key.
    if (!path.every((p) => /^[a-z][a-z0-9_]*$/.test(p))) throw new CliUsageError(`'${arg.slice(0, eq)}' is not a setting name (see \`threatmatic detect settings\`)`);
    const raw = arg.slice(eq + 1).trim();
    const value = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : undefined;
    if (value === undefined) throw new CliUsageError(`${arg.slice(0, eq)}: the value must be a number, true or false, got '${raw}'`);
    let node = tree;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Tree;
    node[path[path.length - 1]] = value;
  }
  return tree;
}

export const detectSettingsCommand: CliCommand = {
  name: 'detect settings',
  summary: 'Show the detector and baseline thresholds in force, and which differ from the defaults',
  maxArgs: 0,
  details: 'Change them with `threatmatic detect set KEY=VALUE...`. docs/detectors.md explains every threshold.',
  run(ctx) {
    const r = dispatch(ctx.engine(), 'detect.settings', {}, ctx.call);
    ctx.emit(r, () => settingsTable(r));
  },
};

export const detectSetCommand: CliCommand = {
  name: 'detect set',
  summary: 'Change detector and baseline thresholds (validated and audited), e.g. lateral.min_hosts=12',
  args: '[KEY=VALUE...]',
  options: { reset: { type: 'boolean', description: 'Start from the defaults: every threshold not given here goes back to its default' } },
  details: `KEY is the dotted name \`threatmatic detect settings\` shows; VALUE a number, true or false. The values are merged
into the current settings (with --reset, into the defaults), checked, stored and recorded in the audit log.
They apply to processes started afterwards: restart a running console or MCP server to use them.
Example: threatmatic detect set lateral.min_hosts=12 c2.min_attempts=10`,
  run(ctx) {
    if (ctx.positionals.length === 0 && !ctx.values.reset) throw new CliUsageError('give KEY=VALUE settings, or --reset');
    const r = dispatch(ctx.engine(), 'detect.setSettings', { settings: assignments(ctx.positionals), reset: ctx.values.reset === true }, ctx.call);
    ctx.emit(r, () => `Detector settings stored.\n${settingsTable(r)}`);
  },
};
