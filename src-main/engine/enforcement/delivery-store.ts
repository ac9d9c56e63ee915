// The delivery log and queue (enforcement_deliveries): its one owner. Changes are queued in their own
// transaction, claimed and settled by the deliverer, listed for the console, and cancelled when their
// endpoint is removed. Statements only: when to send and what to retry is the deliverer's business.
import type { Delivery } from '@shared/contract/operations/policy-enforcement';
import { isoOrNull } from '@shared/domain/time';
import { sql, type PreparedStatement, type SqlRunner } from '../db/sql';
import { statementSet } from '../db/statement-set';

/** A row claimed for sending: what the request needs. */
export interface ClaimedRow { id: number; endpoint_id: string; url: string; change_id: string; action: string; payload: string; attempts: number }

/** How a send attempt ended, as the row records it. */
export interface Settlement { id: number; status: Delivery['status']; attempts: number; code: number | null; error: string | null; next: number | null; delivered: number | null }

interface DeliveryRow {
  id: number; endpoint_id: string; url: string; change_id: string; action: string; policy_id: string | null; status: Delivery['status'];
  attempts: number; last_status_code: number | null; last_error: string | null; next_attempt_at: number | null; created_at: number; delivered_at: number | null;
}

export class DeliveryStore {
  /** One insert per endpoint and change, inside the change's transaction: prepared once. */
  private readonly insert: PreparedStatement;

  constructor(private readonly q: SqlRunner) {
    this.insert = statementSet(q, 'enforcement', { enqueue: `INSERT INTO enforcement_deliveries (endpoint_id, url, change_id, action, policy_id, payload, status, attempts, next_attempt_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)` }).enqueue;
  }

  enqueue(endpoint: { id: string; url: string }, change: { change_id: string; action: string; policy_id: string | null }, body: string, now: number): void {
    this.insert.run(endpoint.id, endpoint.url, change.change_id, change.action, change.policy_id, body, now, now);
  }

  /**
   * Claims the rows due now, in one immediate transaction: the head row of each endpoint (earlier
   * undelivered rows of the same endpoint go first), pending and due, or claimed by a sender whose claim lapsed.
   */
  claimDue(now: number, claimMs: number, batch: number): ClaimedRow[] {
    return this.q.db.transaction(() => {
      const rows = this.q.all<ClaimedRow>(sql`SELECT id, endpoint_id, url, change_id, action, payload, attempts FROM enforcement_deliveries d
        WHERE ((status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND claimed_until <= ${now}))
          AND NOT EXISTS (SELECT 1 FROM enforcement_deliveries e WHERE e.endpoint_id = d.endpoint_id AND e.id < d.id AND e.status IN ('pending','sending'))
        ORDER BY id LIMIT ${batch}`, 'enforcement.due');
      for (const r of rows) this.q.run(sql`UPDATE enforcement_deliveries SET status = 'sending', claimed_until = ${now + claimMs} WHERE id = ${r.id}`, 'enforcement.claim');
      return rows;
    }).immediate();
  }

  /**
   * Records an attempt's outcome, and `alongside` (its audit entry), in one immediate transaction; a row
   * no longer claimed (another sender settled it) is left alone.
   */
  settle(s: Settlement, alongside: () => void): void {
    this.q.db.transaction(() => {
      this.q.run(sql`UPDATE enforcement_deliveries SET status = ${s.status}, attempts = ${s.attempts}, last_status_code = ${s.code}, last_error = ${s.error},
        next_attempt_at = ${s.next}, claimed_until = NULL, delivered_at = ${s.delivered} WHERE id = ${s.id} AND status = 'sending'`, 'enforcement.settle');
      alongside();
    }).immediate();
  }

  /** When the next row falls due (a retry, or a lapsed claim); null when nothing waits. */
  nextDue(): number | null {
    return this.q.value<number | null>(sql`SELECT MIN(CASE status WHEN 'pending' THEN next_attempt_at ELSE claimed_until END) FROM enforcement_deliveries
      WHERE status IN ('pending','sending')`, 'enforcement.nextDue') ?? null;
  }

  /** Fails an endpoint's undelivered rows (it was removed); the log keeps them. Returns how many. */
  cancelFor(endpointId: string): number {
    return this.q.run(sql`UPDATE enforcement_deliveries SET status = 'failed', last_error = 'endpoint removed', next_attempt_at = NULL, claimed_until = NULL
      WHERE endpoint_id = ${endpointId} AND status IN ('pending','sending')`, 'enforcement.cancelDeliveries').changes;
  }

  list(q: { status?: Delivery['status']; endpoint_id?: string; limit: number; offset: number }): { deliveries: Delivery[]; total: number } {
    const where = sql.where([!!q.status && sql`status = ${q.status}`, !!q.endpoint_id && sql`endpoint_id = ${q.endpoint_id}`]);
    const total = this.q.value<number>(sql`SELECT COUNT(*) FROM enforcement_deliveries ${where}`, 'enforcement.deliveries.count')!;
    const rows = this.q.all<DeliveryRow>(sql`SELECT id, endpoint_id, url, change_id, action, policy_id, status, attempts, last_status_code, last_error, next_attempt_at, created_at, delivered_at
      FROM enforcement_deliveries ${where} ORDER BY id DESC LIMIT ${q.limit} OFFSET ${q.offset}`, 'enforcement.deliveries');
    return {
      total,
      deliveries: rows.map((r) => ({
        delivery_id: r.id, endpoint_id: r.endpoint_id, url: r.url, change_id: r.change_id, action: r.action, policy_id: r.policy_id, status: r.status,
        attempts: r.attempts, last_status_code: r.last_status_code, last_error: r.last_error, next_attempt_at: isoOrNull(r.next_attempt_at),
        created_at: isoOrNull(r.created_at)!, delivered_at: isoOrNull(r.delivered_at),
      })),
    };
  }
}
