// `threatmatic policy list` and `threatmatic policy show ID`: policies with status, rules and history.
import type { Policy, PolicyRule } from '@shared/contract/operations/policy-schemas';
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, intOpt, stringOpt, type CliCommand } from '../command';
import { keyValues, table } from '../format';

const STATUSES = ['active', 'disabled', 'expired'];
const KINDS = ['custom', 'isolation', 'block', 'allow', 'suspension'];

const ruleText = (r: PolicyRule) =>
  `${r.action} ${r.identity_type ? `${r.identity_type}:${r.identity_id ?? '*'}` : 'fleet'}${r.destination ? ` → ${r.destination}` : ''}`;

const oneOf = (name: string, value: string | undefined, allowed: string[]) => {
  if (value !== undefined && !allowed.includes(value)) throw new CliUsageError(`--${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value;
};

export const policyListCommand: CliCommand = {
  name: 'policy list',
  summary: 'List policies: id, kind, status, version and rules',
  maxArgs: 0,
  options: {
    status: { type: 'string', description: `Only this status (${STATUSES.join(', ')})`, valueName: 'STATUS' },
    kind: { type: 'string', description: `Only this kind (${KINDS.join(', ')})`, valueName: 'KIND' },
    identity: { type: 'string', description: 'Only policies with a rule naming this device, user, app or workload id', valueName: 'ID' },
    search: { type: 'string', description: 'Substring of id, name, description or rules', valueName: 'TEXT' },
    limit: { type: 'string', description: 'At most this many (default 50)', valueName: 'N' },
    offset: { type: 'string', description: 'Skip this many (default 0)', valueName: 'N' },
  },
  run(ctx) {
    const input = {
      status: oneOf('status', stringOpt(ctx, 'status'), STATUSES), kind: oneOf('kind', stringOpt(ctx, 'kind'), KINDS),
      identity_id: stringOpt(ctx, 'identity'), search: stringOpt(ctx, 'search'), limit: intOpt(ctx, 'limit', 50, 1), offset: intOpt(ctx, 'offset', 0),
    };
    const out = dispatch(ctx.engine(), 'policy.list', input, ctx.call);
    ctx.emit(out, () => `${table(out.policies.map((p: Policy) => ({
      policy_id: p.policy_id, kind: p.kind, status: p.status, version: p.version, expires_at: p.expires_at ?? '', rules: p.rules.map(ruleText).join('; '),
    })), ['policy_id', 'kind', 'status', 'version', 'expires_at', 'rules'])}\n${out.policies.length} of ${out.total} policies`);
  },
};

export const policyShowCommand: CliCommand = {
  name: 'policy show',
  summary: 'Show one policy: rules, state, violations in 24 h and every version',
  args: 'POLICY_ID',
  minArgs: 1,
  maxArgs: 1,
  run(ctx) {
    const p = dispatch(ctx.engine(), 'policy.get', { policy_id: ctx.positionals[0] }, ctx.call);
    ctx.emit(p, () => [
      keyValues({
        policy_id: p.policy_id, name: p.name, description: p.description, kind: p.kind, status: p.status, version: p.version, expires_at: p.expires_at,
        created: `${p.created_at} by ${p.created_by.type} ${p.created_by.id}${p.created_by.name ? ` (${p.created_by.name})` : ''}`, violations_24h: p.violations_24h,
      }),
      '',
      `Rules:\n${p.rules.map((r, i) => `  [${i}] ${ruleText(r)}`).join('\n')}`,
      '',
      `History:\n${table(p.history.map((h) => ({
        version: h.version, change: h.change, enabled: h.enabled ? 'yes' : 'no', at: h.created_at, by: `${h.actor.type} ${h.actor.id}${h.actor.name ? ` (${h.actor.name})` : ''}`, reason: h.reason ?? '',
      })), ['version', 'change', 'enabled', 'at', 'by', 'reason'])}`,
    ].join('\n'));
  },
};
