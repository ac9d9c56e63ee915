// `threatmatic policy isolate|release|block|evaluate`: the policy tools from a terminal, through the
// same operations the MCP tools and the console call. A write waits for its first enforcement
// delivery attempt before the command exits (retries continue in the next running console).
import type { CliCommand, CliContext } from '../command';
import { CliUsageError, stringOpt } from '../command';
import { dispatch } from '../../engine/dispatch';
import { keyValues } from '../format';

async function sent(ctx: CliContext): Promise<void> {
  await ctx.engine().enforcement.flush();
}

export const policyIsolateCommand: CliCommand = {
  name: 'policy isolate',
  summary: 'Isolate a device: it may reach only its management path',
  args: 'DEVICE_ID',
  minArgs: 1,
  maxArgs: 1,
  options: {
    reason: { type: 'string', description: 'Why (recorded in the audit log)', valueName: 'TEXT' },
    'no-notify': { type: 'boolean', description: 'Do not flag the change for the security operations team' },
  },
  async run(ctx) {
    const r = dispatch(ctx.engine(), 'policy.isolateDevice', { device_id: ctx.positionals[0], reason: stringOpt(ctx, 'reason'), notify: !ctx.values['no-notify'] }, { actor: ctx.actor });
    await sent(ctx);
    ctx.emit(r, () => keyValues({ status: r.status, policy_id: r.policy_id, version: r.version, management_path: r.management_path.join(', ') || '(none: fully isolated)', previous_policies: r.previous_policies.join(', ') || '-' }));
  },
};

export const policyReleaseCommand: CliCommand = {
  name: 'policy release',
  summary: 'Release a device from quarantine and restore its previous policy set',
  args: 'DEVICE_ID',
  minArgs: 1,
  maxArgs: 1,
  options: { reason: { type: 'string', description: 'Why (recorded in the audit log)', valueName: 'TEXT' } },
  async run(ctx) {
    const r = dispatch(ctx.engine(), 'policy.releaseDevice', { device_id: ctx.positionals[0], reason: stringOpt(ctx, 'reason') }, { actor: ctx.actor });
    await sent(ctx);
    ctx.emit(r, () => keyValues({ status: r.status, policy_id: r.policy_id, version: r.version, restored_policies: r.restored_policies.join(', ') || '-' }));
  },
};

export const policyBlockCommand: CliCommand = {
  name: 'policy block',
  summary: 'Block an IP, CIDR or domain pattern, fleet-wide or for one device or user',
  args: 'DESTINATION',
  minArgs: 1,
  maxArgs: 1,
  options: {
    scope: { type: 'string', description: 'fleet (default), device or user', valueName: 'SCOPE' },
    'scope-id': { type: 'string', description: 'The device or user id (with --scope device|user)', valueName: 'ID' },
    expires: { type: 'string', description: 'ISO 8601 time the block lifts at, e.g. 2026-05-22T09:00:00Z (default: permanent)', valueName: 'TIME' },
    reason: { type: 'string', description: 'Why (recorded in the audit log)', valueName: 'TEXT' },
  },
  async run(ctx) {
    const input = { destination: ctx.positionals[0], scope: stringOpt(ctx, 'scope'), scope_id: stringOpt(ctx, 'scope-id'), expires_at: stringOpt(ctx, 'expires'), reason: stringOpt(ctx, 'reason') };
    const r = dispatch(ctx.engine(), 'policy.blockDestination', input, { actor: ctx.actor });
    await sent(ctx);
    ctx.emit(r, () => keyValues({ status: r.status, policy_id: r.policy_id, version: r.version, destination: `${r.destination} (${r.destination_type})`, scope: r.scope_id ? `${r.scope} ${r.scope_id}` : r.scope, expires_at: r.expires_at ?? 'never' }));
  },
};

export const policyEvaluateCommand: CliCommand = {
  name: 'policy evaluate',
  summary: 'Would this identity reach this destination? The decision and the rule behind it',
  args: 'DESTINATION',
  minArgs: 1,
  maxArgs: 1,
  options: {
    device: { type: 'string', description: 'As this device', valueName: 'ID' },
    user: { type: 'string', description: 'As this user', valueName: 'ID' },
    workload: { type: 'string', description: 'As this workload', valueName: 'ID' },
    app: { type: 'string', description: 'As this application id', valueName: 'ID' },
    port: { type: 'string', description: 'Destination port (echoed; rules are address- and name-level)', valueName: 'PORT' },
  },
  run(ctx) {
    const given = (['device', 'user', 'workload', 'app'] as const).filter((k) => stringOpt(ctx, k) !== undefined);
    if (given.length !== 1) throw new CliUsageError('give exactly one of --device, --user, --workload, --app');
    const port = stringOpt(ctx, 'port');
    if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new CliUsageError(`--port must be a number from 0 to 65535, got '${port}'`);
    const r = dispatch(ctx.engine(), 'policy.evaluateAccess', { identity_type: given[0], identity_id: stringOpt(ctx, given[0]), destination: ctx.positionals[0], ...(port !== undefined ? { port: Number(port) } : {}) }, { actor: ctx.actor });
    ctx.emit(r, () => keyValues({ decision: r.decision, deciding_policy: r.deciding_policy_id ?? '(default)', reason: r.reason, identities: r.identities.join(', '), considered: r.considered.length }));
  },
};

export const policyManagementPathCommand: CliCommand = {
  name: 'policy management-path',
  summary: 'Set what a quarantined device may still reach (per device, or the fleet default)',
  args: '[DESTINATION...]',
  options: {
    device: { type: 'string', description: 'For this device (default: the fleet-wide list every quarantine adds)', valueName: 'ID' },
    clear: { type: 'boolean', description: 'Remove the list (a device falls back to its baseline top destination)' },
  },
  details: 'Without destinations and without --clear, shows the list. Applies to the next isolation; a running quarantine keeps the path it started with.',
  run(ctx) {
    const engine = ctx.engine();
    const device = stringOpt(ctx, 'device') ?? null;
    if (ctx.positionals.length === 0 && !ctx.values.clear) {
      const list = engine.policy.paths.configured(device);
      ctx.emit({ device_id: device, destinations: list }, list ? list.join('\n') || '(empty)' : '(not set)');
      return;
    }
    if (ctx.values.clear && ctx.positionals.length) throw new CliUsageError('give destinations or --clear, not both');
    const set = engine.policy.setManagementPath(device, ctx.values.clear ? [] : ctx.positionals, ctx.actor);
    ctx.emit({ device_id: device, destinations: set }, set.length ? `Management path${device ? ` of ${device}` : ' (fleet default)'}: ${set.join(', ')}` : 'Cleared.');
  },
};
