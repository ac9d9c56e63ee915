// `threatmatic approvals list`: containment and access changes waiting for an analyst (or, with --status, decided ones).
import { APPROVAL_STATUSES } from '@shared/contract/operations/approvals';
import { dispatch } from '../../engine/dispatch';
import { intOpt, stringOpt, type CliCommand } from '../command';
import { table } from '../format';

export const approvalsListCommand: CliCommand = {
  name: 'approvals list',
  summary: 'List agent calls that change containment or access, held for approval',
  maxArgs: 0,
  options: {
    status: { type: 'string', description: `${APPROVAL_STATUSES.join(', ')} or all (default pending)`, valueName: 'STATUS' },
    limit: { type: 'string', description: 'At most this many (default 50)', valueName: 'N' },
  },
  run(ctx) {
    const r = dispatch(ctx.engine(), 'approvals.list', { status: stringOpt(ctx, 'status'), limit: intOpt(ctx, 'limit', 50, 1) }, ctx.call);
    ctx.emit(r, () =>
      table(
        r.approvals.map((a) => ({ ...a, requester: `${a.requester.name ?? '?'} (${a.key_id})`, params: JSON.stringify(a.params) })),
        ['approval_id', 'status', 'operation', 'params', 'requester', 'expires_at'],
      ) + `\n${r.total} in all. Decide with: threatmatic approvals approve|reject ID [--reason TEXT]`,
    );
  },
};
