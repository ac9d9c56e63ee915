// Human approval: a call that changes containment or access (as its operation declares) from a key
// created with --require-approval waits here until an analyst approves it (it then runs through
// dispatch as the requesting agent), rejects it, or it expires (its TTL is read against the injected
// clock; nothing runs in the background).
import type { OpName } from '@shared/contract/index';
import type { ApprovalStatus } from '@shared/contract/operations/approvals';
import type { Actor } from '@shared/domain/actor';
import { isoOrNull } from '@shared/domain/time';
import { dispatch } from '../dispatch';
import type { Engine } from '../engine';
import { notFound, UserError } from '../errors';
import type { ApiKey } from '../keys/key-store';
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

export class ApprovalStore {
  private readonly stmts;

  constructor(private readonly engine: Engine) {
    const db = engine.db;
    this.stmts = {
      insert: db.prepare(`INSERT INTO approvals (approval_id, operation, params, requester, key_id, status, created_at, expires_at)
                          VALUES (@approval_id, @operation, @params, @requester, @key_id, 'pending', @created_at, @expires_at)`),
      get: db.prepare('SELECT * FROM approvals WHERE approval_id = ?'),
      decide: db.prepare(`UPDATE approvals SET status = @status, decided_at = @decided_at, decided_by = @decided_by, reason = @reason, result = @result, error = @error
                          WHERE approval_id = @approval_id AND status = 'pending'`),
    };
  }

  /** Holds a checked call that changes access; its audit entry (outcome 'pending') is the call's record. */
  hold(operation: OpName, params: unknown, requester: Actor, key: ApiKey): PendingApproval {
    const now = this.engine.clock.now();
    const row = {
      approval_id: prefixedId('apr', now), operation, params: JSON.stringify(params ?? {}), requester: JSON.stringify(requester), key_id: key.key_id,
      created_at: now, expires_at: now + key.approval_ttl_seconds * 1000,
    };
    const pending: PendingApproval = { status: 'pending_approval', approval_id: row.approval_id, expires_at: isoOrNull(row.expires_at) as string };
    this.engine.db.transaction(() => {
      this.stmts.insert.run(row);
      this.engine.audit.append({ actor: requester, action: operation, params: params ?? {}, outcome: 'pending', detail: { approval_id: row.approval_id, expires_at: pending.expires_at } });
    }).immediate();
    return pending;
  }

  get(id: string): Approval {
    const row = this.stmts.get.get(id) as Row | undefined;
    if (!row) throw notFound('approval', id);
    return this.toApproval(row);
  }

  list(q: { status?: ApprovalStatus | 'all'; limit?: number; offset?: number } = {}): { approvals: Approval[]; total: number } {
    const now = this.engine.clock.now();
    // 'expired' is a pending request past its TTL: derived from the clock, never written.
    const where: Record<string, string> = {
      all: '1', pending: "status = 'pending' AND expires_at > @now", expired: "status = 'pending' AND expires_at <= @now",
      approved: "status = 'approved'", rejected: "status = 'rejected'", failed: "status = 'failed'",
    };
    const clause = where[q.status ?? 'pending'];
    const db = this.engine.db;
    const total = db.prepare(`SELECT COUNT(*) FROM approvals WHERE ${clause}`).pluck().get({ now }) as number;
    const rows = db.prepare(`SELECT * FROM approvals WHERE ${clause} ORDER BY created_at DESC, approval_id DESC LIMIT @limit OFFSET @offset`)
      .all({ now, limit: q.limit ?? 50, offset: q.offset ?? 0 }) as Row[];
    return { approvals: rows.map((r) => this.toApproval(r, now)), total };
  }

  /**
   * Runs the held operation through dispatch as the requesting agent (its own audit entry names the
   * agent), and records the analyst's approval in the same transaction: requester and approver both on record.
   */
  approve(id: string, analyst: Actor, reason?: string | null): Approval {
    return this.engine.db.transaction(() => {
      const row = this.pendingRow(id);
      const requester = JSON.parse(row.requester) as Actor;
      const key = this.engine.keys.get(row.key_id);
      if (!key || key.revoked_at) throw new UserError('conflict', `approval '${id}' cannot run: the requesting key '${row.key_id}' was revoked`, 'approval_id');
      let result: unknown = null;
      let error: string | null = null;
      try {
        // A nested transaction: a failed operation rolls back alone and the failure is recorded below.
        result = this.engine.db.transaction(() => dispatch(this.engine, row.operation, JSON.parse(row.params), { actor: requester, scopes: key.scopes }))();
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        error = err.message;
      }
      const now = this.engine.clock.now();
      this.stmts.decide.run({ approval_id: id, status: error ? 'failed' : 'approved', decided_at: now, decided_by: JSON.stringify(analyst), reason: reason ?? null, result: error ? null : JSON.stringify(result ?? null), error });
      this.engine.audit.append({
        actor: analyst, action: 'approvals.approve', params: { approval_id: id, reason: reason ?? null }, outcome: error ? 'error' : 'ok',
        detail: { operation: row.operation, requester, ...(error ? { error } : {}) },
      });
      return this.get(id);
    }).immediate();
  }

  reject(id: string, analyst: Actor, reason?: string | null): Approval {
    return this.engine.db.transaction(() => {
      const row = this.pendingRow(id);
      this.stmts.decide.run({ approval_id: id, status: 'rejected', decided_at: this.engine.clock.now(), decided_by: JSON.stringify(analyst), reason: reason ?? null, result: null, error: null });
      this.engine.audit.append({ actor: analyst, action: 'approvals.reject', params: { approval_id: id, reason: reason ?? null }, outcome: 'ok', detail: { operation: row.operation, requester: JSON.parse(row.requester) as Actor } });
      return this.get(id);
    }).immediate();
  }

  /** The row of a request that can still be decided, or a clear reason why it cannot. */
  private pendingRow(id: string): Row {
    const row = this.stmts.get.get(id) as Row | undefined;
    if (!row) throw notFound('approval', id);
    const status = this.statusOf(row, this.engine.clock.now());
    if (status === 'expired') throw new UserError('conflict', `approval '${id}' expired at ${isoOrNull(row.expires_at)}`, 'approval_id');
    if (status !== 'pending') throw new UserError('conflict', `approval '${id}' was already ${status}`, 'approval_id');
    return row;
  }

  private statusOf(row: Row, now: number): ApprovalStatus {
    return row.status === 'pending' && row.expires_at <= now ? 'expired' : row.status;
  }

  private toApproval(row: Row, now = this.engine.clock.now()): Approval {
    return {
      approval_id: row.approval_id, status: this.statusOf(row, now), operation: row.operation, params: JSON.parse(row.params) as Record<string, unknown>,
      requester: JSON.parse(row.requester) as Actor, key_id: row.key_id, created_at: isoOrNull(row.created_at) as string, expires_at: isoOrNull(row.expires_at) as string,
      decided_at: isoOrNull(row.decided_at), decided_by: row.decided_by ? (JSON.parse(row.decided_by) as Actor) : null, reason: row.reason,
      result: row.result ? (JSON.parse(row.result) as unknown) : null, error: row.error,
    };
  }
}

const stores = new WeakMap<Engine, ApprovalStore>();

/** The engine's approval queue (one per engine, prepared on first use). */
export function approvalStore(engine: Engine): ApprovalStore {
  let store = stores.get(engine);
  if (!store) stores.set(engine, (store = new ApprovalStore(engine)));
  return store;
}
