// `threatmatic policy isolate|release|block|evaluate|management-path`: the policy tools from a terminal, through the
// same operations the MCP tools and the console call. A write waits for its first enforcement
// delivery attempt before the command exits (retries continue in the next running console).
import type { BlastRadius } from '@shared/contract/operations/policy-schemas';
import type { CliCommand, CliContext } from '../command';
import { CliUsageError, stringOpt } from '../command';
import { dispatch } from '../../engine/dispatch';
import { keyValues, table } from '../format';

/** "3 devices, 2 users" (and workloads when any). */
const radiusText = (b: BlastRadius) => `${b.devices} device${b.devices === 1 ? '' : 's'}, ${b.users} user${b.users === 1 ? '' : 's'}${b.workloads ? `, ${b.workloads} workload${b.workloads === 1 ? '' : 's'}` : ''}${b.fleet_wide ? ' (fleet-wide)' : ''}`;

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
    const r = dispatch(ctx.engine(), 'policy.isolateDevice', { device_id: ctx.positionals[0], reason: stringOpt(ctx, 'reason'), notify: !ctx.values['no-notify'] }, ctx.call);
    await sent(ctx);
    ctx.emit(r, () => [
      keyValues({
        status: r.status, policy_id: r.policy_id, version: r.version, management_path: r.management_path.join(', ') || '(none: fully isolated)', path_source: r.management_path_source,
        previous_policies: r.previous_policies.join(', ') || '-', blast_radius: radiusText(r.blast_radius),
      }),
      ...r.management_path_dropped.map((d) => `dropped from the path: ${d.destination}: ${d.reason}`),
    ].join('\n'));
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
    const r = dispatch(ctx.engine(), 'policy.releaseDevice', { device_id: ctx.positionals[0], reason: stringOpt(ctx, 'reason') }, ctx.call);
    await sent(ctx);
    ctx.emit(r, () => keyValues({ status: r.status, policy_id: r.policy_id, version: r.version, restored_policies: r.restored_policies.join(', ') || '-', blast_radius: radiusText(r.blast_radius) }));
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
    const r = dispatch(ctx.engine(), 'policy.blockDestination', input, ctx.call);
    await sent(ctx);
    ctx.emit(r, () => keyValues({ status: r.status, policy_id: r.policy_id, version: r.version, destination: `${r.destination} (${r.destination_type})`, scope: r.scope_id ? `${r.scope} ${r.scope_id}` : r.scope, expires_at: r.expires_at ?? 'never', blast_radius: radiusText(r.blast_radius) }));
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
    agent: { type: 'string', description: 'As this AI agent (agt_…): the destination is an MCP tool, tool:server/tool', valueName: 'ID' },
    port: { type: 'string', description: 'Destination port (echoed; rules are address- and name-level)', valueName: 'PORT' },
  },
  run(ctx) {
    const given = (['device', 'user', 'workload', 'app', 'agent'] as const).filter((k) => stringOpt(ctx, k) !== undefined);
    if (given.length !== 1) throw new CliUsageError('give exactly one of --device, --user, --workload, --app, --agent');
    const port = stringOpt(ctx, 'port');
    if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new CliUsageError(`--port must be a number from 0 to 65535, got '${port}'`);
    const r = dispatch(ctx.engine(), 'policy.evaluateAccess', { identity_type: given[0], identity_id: stringOpt(ctx, given[0]), destination: ctx.positionals[0], ...(port !== undefined ? { port: Number(port) } : {}) }, ctx.call);
    ctx.emit(r, () => keyValues({ decision: r.decision, deciding_policy: r.deciding_policy_id ?? '(default)', reason: r.reason, identities: r.identities.join(', '), considered: r.considered.length }));
  },
};

export const policyManagementPathCommand: CliCommand = {
  name: 'policy management-path',
  summary: 'Show or set what a quarantined device may still reach (fleet default, per device type, per device)',
  args: '[DESTINATION...]',
  options: {
    device: { type: 'string', description: 'For this device (overrides its type\'s list and the fleet default)', valueName: 'ID' },
    type: { type: 'string', description: 'For every device of this device type (overrides the fleet default)', valueName: 'DEVICE_TYPE' },
    none: { type: 'boolean', description: 'Set an empty list for this scope: only the enforcement point stays reachable' },
    clear: { type: 'boolean', description: 'Remove this scope\'s list (a device falls back to its type\'s, then the fleet default)' },
    reason: { type: 'string', description: 'Why (recorded in the audit log)', valueName: 'TEXT' },
  },
  details: [
    'Without destinations, --none or --clear: lists every configured path and the enforcement point (the hosts of the',
    'enabled enforcement endpoints); with --device, also the path isolating that device would apply now and what is dropped.',
    'The most specific list applies (device, then device type, then fleet); with none, only the enforcement point.',
    'A destination threat intel rates malicious or suspicious, or that an open anomaly names, is refused with the reason.',
    'Applies to the next isolation; a running quarantine keeps the path it started with.',
  ].join('\n'),
  run(ctx) {
    const device = stringOpt(ctx, 'device');
    const type = stringOpt(ctx, 'type');
    if (device !== undefined && type !== undefined) throw new CliUsageError('give --device or --type, not both');
    const modes = [ctx.positionals.length > 0, Boolean(ctx.values.none), Boolean(ctx.values.clear)].filter(Boolean).length;
    if (modes > 1) throw new CliUsageError('give destinations, --none or --clear, not more than one');
    if (modes === 0) {
      const r = dispatch(ctx.engine(), 'policy.managementPaths', { device_id: device }, ctx.call);
      const shown = type === undefined ? r.paths : r.paths.filter((p) => p.scope === 'device_type' && p.scope_id === type);
      ctx.emit(r, () => [
        table(shown.map((p) => ({ scope: p.scope, id: p.scope_id ?? '(fleet)', destinations: p.destinations.join(', ') || '(enforcement point only)', set: p.updated_at ? `${p.updated_at} by ${p.updated_by.type} ${p.updated_by.id}` : '' })), ['scope', 'id', 'destinations', 'set']),
        `enforcement point: ${r.enforcement_point.join(', ') || '(none: no enforcement endpoint with a network host)'}`,
        ...(r.effective ? [
          '',
          keyValues({ device: `${r.effective.device_id} (${r.effective.device_type})`, source: r.effective.source, path: r.effective.destinations.join(', ') || '(nothing: fully cut off)' }),
          ...r.effective.dropped.map((d) => `dropped ${d.destination}: ${d.reason}`),
        ] : []),
      ].join('\n'));
      return;
    }
    const scope = device !== undefined ? 'device' : type !== undefined ? 'device_type' : 'fleet';
    const input = { scope, scope_id: device ?? type, reason: stringOpt(ctx, 'reason'), ...(ctx.values.clear ? { clear: true } : { destinations: ctx.values.none ? [] : ctx.positionals }) };
    const r = dispatch(ctx.engine(), 'policy.setManagementPath', input, ctx.call);
    const what = r.scope === 'fleet' ? 'Fleet default management path' : `Management path of ${r.scope === 'device' ? 'device' : 'device type'} ${r.scope_id}`;
    ctx.emit(r, r.destinations === null ? `${what}: cleared${r.changed ? '' : ' (was not set)'}.` : `${what}: ${r.destinations.join(', ') || '(enforcement point only)'}${r.changed ? '' : ' (unchanged)'}`);
  },
};
