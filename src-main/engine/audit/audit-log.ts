// The hash-chained audit log. Every write (and, from the MCP door, every call) appends one entry
// inside the same SQLite transaction as the change it records, so the two commit or vanish together.
import { createHash } from 'node:crypto';
import type { Actor } from '@shared/domain/actor';
import type { Clock } from '../clock';
import type { Db } from '../db/open';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'ok' | 'error' | 'denied' | 'pending';

export interface AuditEntryInput {
  actor: Actor;
  action: string;
  params: unknown;
  outcome: AuditOutcome;
  detail?: unknown;
}

export interface AuditRow {
  seq: number;
  ts: number;
  actor_type: string;
  actor_id: string;
  actor_name: string | null;
  action: string;
  params: string;
  outcome: string;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** The exact bytes a row's hash covers: every column but the hash itself, in a fixed order. */
export function rowDigest(row: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([row.seq, row.ts, row.actor_type, row.actor_id, row.actor_name, row.action, row.params, row.outcome, row.detail, row.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export class AuditLog {
  private readonly last;
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, ts, actor_type, actor_id, actor_name, action, params, outcome, detail, prev_hash, hash)
       VALUES (@seq, @ts, @actor_type, @actor_id, @actor_name, @action, @params, @outcome, @detail, @prev_hash, @hash)`,
    );
  }

  /**
   * Appends one entry. Call it inside the transaction that makes the change; when called outside
   * one it opens its own. The chain head is read inside the write lock, so two processes sharing
   * the database never fork the chain.
   */
  append(entry: AuditEntryInput): AuditRow {
    const run = () => {
      const head = this.last.get() as { seq: number; hash: string } | undefined;
      const row: Omit<AuditRow, 'hash'> = {
        seq: (head?.seq ?? 0) + 1,
        ts: this.clock.now(),
        actor_type: entry.actor.type,
        actor_id: entry.actor.id,
        actor_name: entry.actor.name ?? null,
        action: entry.action,
        params: JSON.stringify(entry.params ?? {}),
        outcome: entry.outcome,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
        prev_hash: head?.hash ?? GENESIS_HASH,
      };
      const full: AuditRow = { ...row, hash: rowDigest(row) };
      this.insert.run(full);
      return full;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run).immediate();
  }

  /** Runs `change` and its audit entry in one immediate transaction; the entry can use the result. */
  record<T>(actor: Actor, action: string, params: unknown, change: () => T, detail?: (result: T) => unknown): T {
    return this.db.transaction(() => {
      const result = change();
      this.append({ actor, action, params, outcome: 'ok', detail: detail ? detail(result) : undefined });
      return result;
    }).immediate();
  }
}
