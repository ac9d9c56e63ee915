// Human approval: a call that changes containment or access (as its operation declares) from a key
// created with --require-approval waits here until an analyst approves it (it then runs, through the
// run callback the approve operation hands in, as the requesting agent), rejects it, or it expires (its
// TTL is read against the injected clock; nothing runs in the background). The one owner of the
// approvals table; the Engine creates it (engine.approvals).
import type { OpName } from '@shared/contract/index';
import type { ApprovalStatus } from '@shared/contract/operations/approvals';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { RunAs } from '../call-context';
import type { Clock } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import { notFound, UserError } from '../errors';
import type { ApiKey, KeyStore } from '../keys/key-store';
import { prefixedId } from '../util/ulid';

/** What the agent gets back instead of the operation's result. */
export interface PendingApproval {
  status: 'pending_approval';
  approval_id: string;
  expires_at: string;
}

export interface Approval {
  approval_id: string;
  status: ApprovalStatus;
  operation: string;
  params: Record<string, unknown>;
  requester: Actor;
  key_id: string;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: Actor | null;
  reason: string | null;
  /** The operation's result once approved and run. */
  result: unknown;
  /** Why the approved operation failed, when it did. */
  error: string | null;
}

interface Row {
  approval_id: string; operation: string; params: string; requester: string; key_id: string; status: 'pending' | 'approved' | 'rejected' | 'failed';
  created_at: number; expires_at: number; decided_at: number | null; decided_by: string | null; reason: string | null; result: string | null; error: string | null;
}

export interface ApprovalStoreDeps {
  sql: SqlRunner;
  clock: Clock;
  audit: AuditLog;
  /** The requesting key is read again at approval: a revoked key's request no longer runs. */
  keys: Pick<KeyStore, 'get'>;
}

type RowStatus = Row['status'];

/** The rows a list status names; 'expired' is a pending request past its TTL: derived from the clock, never written. */
function statusCondition(status: ApprovalStatus | 'all', now: number) {
  switch (status) {
    case 'all': return null;
    case 'pending': return sql`status = 'pending' AND expires_at > ${now}`;
    case 'expired': return sql`status = 'pending' AND expires_at <= ${now}`;
    default: return sql`status = ${status satisfies Exclude<RowStatus, 'pending'>}`;
  }
}

export class ApprovalStore {
  constructor(private readonly deps: ApprovalStoreDeps) {}

  /** Holds a checked call that changes access; its audit entry (outcome 'pending') is the call's record. */
  hold(operation: OpName, params: unknown, requester: Actor, key: ApiKey): PendingApproval {
    const now = this.deps.clock.now();
    const row = {
      approval_id: prefixedId('apr', now), operation, params: JSON.stringify(params ?? {}), requester: JSON.stringify(requester), key_id: key.key_id,
      created_at: now, expires_at: now + key.approval_ttl_seconds * 1000,
    };
    const pending: PendingApproval = { status: 'pending_approval', approval_id: row.approval_id, expires_at: isoOrNull(row.expires_at) as string };
    this.deps.sql.immediate(() => {
      this.deps.sql.run(sql`INSERT INTO approvals (approval_id, operation, params, requester, key_id, status, created_at, expires_at)
        VALUES (${row.approval_id}, ${row.operation}, ${row.params}, ${row.requester}, ${row.key_id}, 'pending', ${row.created_at}, ${row.expires_at})`, 'approvals.insert');
      this.deps.audit.append({ actor: requester, action: operation, params: params ?? {}, outcome: 'pending', detail: { approval_id: row.approval_id, expires_at: pending.expires_at } });
    });
    return pending;
  }

  get(id: string): Approval {
    const row = this.row(id);
    if (!row) throw notFound('approval', id);
    return this.toApproval(row);
  }

  list(q: { status?: ApprovalStatus | 'all'; limit?: number; offset?: number } = {}): { approvals: Approval[]; total: number } {
    const now = this.deps.clock.now();
    const where = sql.where([statusCondition(q.status ?? 'pending', now)]);
    const total = this.deps.sql.value<number>(sql`SELECT COUNT(*) FROM approvals ${where}`, 'approvals.count') ?? 0;
    const rows = this.deps.sql.all<Row>(sql`SELECT * FROM approvals ${where} ORDER BY created_at DESC, approval_id DESC LIMIT ${q.limit ?? 50} OFFSET ${q.offset ?? 0}`, 'approvals.list');
    return { approvals: rows.map((r) => this.toApproval(r, now)), total };
  }

  /**
   * Runs the held operation with `run` (dispatch) as the requesting agent with its key's scopes (its own
   * audit entry names the agent), and records the analyst's approval in the same transaction: requester
   * and approver both on record.
   */
  approve(id: string, analyst: Actor, reason: string | null | undefined, run: RunAs): Approval {
    return this.deps.sql.immediate(() => {
      const row = this.pendingRow(id);
      const requester = JSON.parse(row.requester) as Actor;
      const key = this.deps.keys.get(row.key_id);
      if (!key || key.revoked_at) throw new UserError('conflict', `approval '${id}' cannot run: the requesting key '${row.key_id}' was revoked`, 'approval_id');
      let result: unknown = null;
      let error: string | null = null;
      try {
        // A nested transaction: a failed operation rolls back alone and the failure is recorded below.
        result = this.deps.sql.transaction(() => run(row.operation, JSON.parse(row.params), { actor: requester, scopes: key.scopes }));
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        error = err.message;
      }
      this.decide(id, { status: error ? 'failed' : 'approved', analyst, reason, result: error ? null : JSON.stringify(result ?? null), error });
      this.deps.audit.append({
        actor: analyst, action: 'approvals.approve', params: { approval_id: id, reason: reason ?? null }, outcome: error ? 'error' : 'ok',
        detail: { operation: row.operation, requester, ...(error ? { error } : {}) },
      });
      return this.get(id);
    });
  }

  reject(id: string, analyst: Actor, reason?: string | null): Approval {
    return this.deps.sql.immediate(() => {
      const row = this.pendingRow(id);
      this.decide(id, { status: 'rejected', analyst, reason, result: null, error: null });
      this.deps.audit.append({ actor: analyst, action: 'approvals.reject', params: { approval_id: id, reason: reason ?? null }, outcome: 'ok', detail: { operation: row.operation, requester: JSON.parse(row.requester) as Actor } });
      return this.get(id);
    });
  }

  private row(id: string): Row | undefined {
    return this.deps.sql.get<Row>(sql`SELECT * FROM approvals WHERE approval_id = ${id}`, 'approvals.get');
  }

  /** Records the decision on a request still pending (inside the deciding transaction). */
  private decide(id: string, d: { status: Exclude<RowStatus, 'pending'>; analyst: Actor; reason: string | null | undefined; result: string | null; error: string | null }): void {
    this.deps.sql.run(sql`UPDATE approvals SET status = ${d.status}, decided_at = ${this.deps.clock.now()}, decided_by = ${JSON.stringify(d.analyst)}, reason = ${d.reason ?? null},
      result = ${d.result}, error = ${d.error} WHERE approval_id = ${id} AND status = 'pending'`, 'approvals.decide');
  }

  /** The row of a request that can still be decided, or a clear reason why it cannot. */
  private pendingRow(id: string): Row {
    const row = this.row(id);
    if (!row) throw notFound('approval', id);
    const status = this.statusOf(row, this.deps.clock.now());
    if (status === 'expired') throw new UserError('conflict', `approval '${id}' expired at ${isoOrNull(row.expires_at)}`, 'approval_id');
    if (status !== 'pending') throw new UserError('conflict', `approval '${id}' was already ${status}`, 'approval_id');
    return row;
  }

  private statusOf(row: Row, now: number): ApprovalStatus {
    return row.status === 'pending' && row.expires_at <= now ? 'expired' : row.status;
  }

  private toApproval(row: Row, now = this.deps.clock.now()): Approval {
    return {
      approval_id: row.approval_id, status: this.statusOf(row, now), operation: row.operation, params: JSON.parse(row.params) as Record<string, unknown>,
      requester: JSON.parse(row.requester) as Actor, key_id: row.key_id, created_at: isoOrNull(row.created_at) as string, expires_at: isoOrNull(row.expires_at) as string,
      decided_at: isoOrNull(row.decided_at), decided_by: row.decided_by ? (JSON.parse(row.decided_by) as Actor) : null, reason: row.reason,
      result: row.result ? (JSON.parse(row.result) as unknown) : null, error: row.error,
    };
  }
}
