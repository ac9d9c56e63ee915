// The hash-chained audit log. Every write (and, from the MCP door, every call) appends one entry
// inside the same SQLite transaction as the change it records, so the two commit or vanish together.
// Appending never fails on what the entry carries: parameters and detail of any size or depth are
// stored through recordedJson (truncated with the hash of the whole when they would not fit).
import { createHash } from 'node:crypto';
import type { Actor } from '@shared/domain/actor';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import { AuditKey } from './audit-key';
import { recordedJson } from './recorded-json';

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
  /** HMAC of `hash` under the audit key (audit-key.ts); null on rows written before rows were signed. */
  mac: string | null;
}

/** The exact bytes a row's hash covers: every column but the hash and its MAC, in a fixed order. */
export function rowDigest(row: Omit<AuditRow, 'hash' | 'mac'>): string {
  const canonical = JSON.stringify([row.seq, row.ts, row.actor_type, row.actor_id, row.actor_name, row.action, row.params, row.outcome, row.detail, row.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

export class AuditLog {
  private readonly last;
  private readonly insert;
  private readonly listeners: ((row: AuditRow) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    readonly key: AuditKey = AuditKey.ephemeral(),
  ) {
    this.last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, ts, actor_type, actor_id, actor_name, action, params, outcome, detail, prev_hash, hash, mac)
       VALUES (@seq, @ts, @actor_type, @actor_id, @actor_name, @action, @params, @outcome, @detail, @prev_hash, @hash, @mac)`,
    );
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
      const head = this.last.get() as { seq: number; hash: string } | undefined;
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
      this.insert.run(full);
      for (const listener of this.listeners) listener(full);
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

  /** Every row, oldest first, exactly as stored (hashes included), so an export can be checked again elsewhere. */
  *rows(): Generator<AuditRow> {
    yield* this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  }
}
