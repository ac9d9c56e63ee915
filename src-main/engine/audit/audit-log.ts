// The hash-chained audit log. Every write (and, from the MCP door, every call) appends one entry
// inside the same SQLite transaction as the change it records, so the two commit or vanish together.
// Appending never fails on what the entry carries: parameters and detail of any size or depth are
// stored through recordedJson (truncated with the hash of the whole when they would not fit).
import { createHash } from 'node:crypto';
import type { Actor } from '@shared/domain/actor';
import type { Clock } from '../clock';
import type { SqlRunner } from '../db/sql';
import { AuditKey } from './audit-key';
import { AuditStore, type AuditRow } from './audit-store';
import { recordedJson } from './recorded-json';

export type { AuditRow } from './audit-store';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditOutcome = 'ok' | 'error' | 'denied' | 'pending';

export interface AuditEntryInput {
  actor: Actor;
  action: string;
  params: unknown;
  outcome: AuditOutcome;
  detail?: unknown;
}

/** The exact bytes a row's hash covers: every column but the hash and its MAC, in a fixed order. */
export function rowDigest(row: Omit<AuditRow, 'hash' | 'mac'>): string {
  const canonical = JSON.stringify([row.seq, row.ts, row.actor_type, row.actor_id, row.actor_name, row.action, row.params, row.outcome, row.detail, row.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export class AuditLog {
  /** The audit_log table: every reader of the log asks it. */
  readonly store: AuditStore;
  private readonly listeners: ((row: AuditRow) => void)[] = [];

  constructor(
    private readonly sql: SqlRunner,
    private readonly clock: Clock,
    readonly key: AuditKey = AuditKey.ephemeral(),
  ) {
    this.store = new AuditStore(sql);
  }

  /** Called after each row is inserted (inside its transaction, which may still roll back). */
  onAppend(listener: (row: AuditRow) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Appends one entry. Call it inside the transaction that makes the change; when called outside
   * one it opens its own. The chain head is read inside the write lock, so two processes sharing
   * the database never fork the chain.
   */
  append(entry: AuditEntryInput): AuditRow {
    const run = () => {
      const head = this.store.head();
      const row: Omit<AuditRow, 'hash' | 'mac'> = {
        seq: (head?.seq ?? 0) + 1,
        ts: this.clock.now(),
        actor_type: entry.actor.type,
        actor_id: entry.actor.id,
        actor_name: entry.actor.name ?? null,
        action: entry.action,
        params: recordedJson(entry.params ?? {}),
        outcome: entry.outcome,
        detail: entry.detail === undefined ? null : recordedJson(entry.detail),
        prev_hash: head?.hash ?? GENESIS_HASH,
      };
      const hash = rowDigest(row);
      const full: AuditRow = { ...row, hash, mac: this.key.mac(hash) };
      this.store.insert(full);
      for (const listener of this.listeners) listener(full);
      return full;
    };
    return this.sql.inTransaction ? run() : this.sql.immediate(run);
  }

  /** Runs `change` and its audit entry in one immediate transaction; the entry can use the result. */
  record<T>(actor: Actor, action: string, params: unknown, change: () => T, detail?: (result: T) => unknown): T {
    return this.sql.immediate(() => {
      const result = change();
      this.append({ actor, action, params, outcome: 'ok', detail: detail ? detail(result) : undefined });
      return result;
    });
  }
}
