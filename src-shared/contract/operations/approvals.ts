// Human approval of containment and access changes by keys created with --require-approval: list the waiting
// requests, approve (the call then runs as the requesting agent) or reject them. Console and CLI only.
import { z } from 'zod';
import { ACTOR_TYPES } from '../../domain/enums';
import { defineOperation } from '../define';
import { pageInput } from '../pagination';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'failed'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

const actorSchema = z.object({ type: z.enum(ACTOR_TYPES), id: z.string(), name: z.string().optional() });

const approvalSchema = z.object({
  approval_id: z.string(),
  status: z.enum(APPROVAL_STATUSES).describe('expired: still pending when its time ran out; failed: approved but the operation refused to run'),
  operation: z.string(),
  params: z.record(z.string(), z.unknown()),
  requester: actorSchema.describe('The agent whose call waits (source mcp_agent, API key id, agent name)'),
  key_id: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  decided_at: z.string().nullable(),
  decided_by: actorSchema.nullable(),
  reason: z.string().nullable(),
  result: z.unknown().describe('What the operation returned once approved'),
  error: z.string().nullable(),
});
export type ApprovalView = z.output<typeof approvalSchema>;

/** What an agent gets instead of a result when its key needs approval for a call that changes access. */
export const pendingApprovalSchema = z.object({
  status: z.literal('pending_approval'),
  approval_id: z.string(),
  expires_at: z.string().describe('The request expires unless an analyst approves it before this time'),
});

const decision = z.object({
  approval_id: z.string().min(1).max(100),
  reason: z.string().max(2000).optional().describe('Why, recorded in the audit log'),
});

export const approvalsList = defineOperation({
  name: 'approvals.list',
  rest: { method: 'GET', path: '/api/v1/approvals' },
  title: 'Approvals',
  description: 'List the calls that change containment or access held for approval (default: those still pending), newest first.',
  scope: 'admin',
  annotations: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ status: z.enum([...APPROVAL_STATUSES, 'all']).default('pending'), ...pageInput }),
  output: z.object({ approvals: z.array(approvalSchema), total: z.number().int() }),
});

export const approvalsApprove = defineOperation({
  name: 'approvals.approve',
  rest: { method: 'POST', path: '/api/v1/approvals/{approval_id}/approve' },
  title: 'Approve',
  description: "Approve a held call: it runs now as the requesting agent, with the analyst recorded as approver. A request that expired or was decided cannot be approved.",
  scope: 'admin',
  annotations: { readOnly: false, destructive: true, idempotent: false },
  // It runs a held call, and only calls that change access are held.
  changesAccess: true,
  input: decision,
  output: approvalSchema,
});

export const approvalsReject = defineOperation({
  name: 'approvals.reject',
  rest: { method: 'POST', path: '/api/v1/approvals/{approval_id}/reject' },
  title: 'Reject',
  description: 'Reject a held call: it never runs; the reason is recorded.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: decision,
  output: approvalSchema,
});
