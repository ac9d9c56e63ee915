// `threatmatic approvals approve ID` / `reject ID`: the analyst's decision on a held call. Approving runs
// it now as the requesting agent; both are audited with the analyst as actor.
import type { ApprovalView } from '@shared/contract/operations/approvals';
import { dispatch } from '../../engine/dispatch';
import { stringOpt, type CliCommand } from '../command';

function decideCommand(verb: 'approve' | 'reject'): CliCommand {
  return {
    name: `approvals ${verb}`,
    summary: verb === 'approve' ? 'Approve a held call: it runs now, as the agent that asked' : 'Reject a held call: it never runs',
    args: 'APPROVAL_ID',
    minArgs: 1,
    maxArgs: 1,
    options: { reason: { type: 'string', description: 'Why (recorded in the audit log)', valueName: 'TEXT' } },
    run(ctx) {
      const a: ApprovalView = dispatch(ctx.engine(), `approvals.${verb}`, { approval_id: ctx.positionals[0], reason: stringOpt(ctx, 'reason') }, ctx.call);
      const what = `${a.operation} ${JSON.stringify(a.params)} requested by ${a.requester.name ?? a.requester.id}`;
      ctx.emit(a, a.status === 'failed' ? `Approved, but the operation refused to run: ${a.error}\n(${what})` : `${a.status === 'approved' ? 'Approved and ran' : 'Rejected'}: ${what}`);
      return a.status === 'failed' ? 2 : 0;
    },
  };
}

export const approvalsApproveCommand = decideCommand('approve');
export const approvalsRejectCommand = decideCommand('reject');
