// The one owner of the audit_log table. The chain's appender (audit-log.ts), its readers (get_audit_log
// and export, verify, checkpoints), dispatch asking whether a call recorded anything, and stats all go
// through these methods, so the log's SQL lives here and nowhere else.
import type { Actor } from '@shared/domain/actor';
import { sql, type SqlRunner } from '../db/sql';

/** One stored entry, as the table holds it. */
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

/** get_audit_log's filters: each given one narrows the page. */
export interface AuditFilter {
  /** An actor id, name or type. */
  actor?: string;
  /** An exact action, or every action under a prefix ending in '.' ('policy.'). */
  action?: string;
  outcome?: string;
  /** Entries at or after this time (epoch ms). */
  since?: number;
  beforeSeq?: number;
  limit: number;
}

export interface AuditHead {
  seq: number;
  hash: string;
  ts: number;
}

export class AuditStore {
  constructor(readonly sql: SqlRunner) {}

  insert(row: AuditRow): void {
    this.sql.run(sql`INSERT INTO audit_log (seq, ts, actor_type, actor_id, actor_name, action, params, outcome, detail, prev_hash, hash, mac)
      VALUES (${row.seq}, ${row.ts}, ${row.actor_type}, ${row.actor_id}, ${row.actor_name}, ${row.action}, ${row.params}, ${row.outcome}, ${row.detail}, ${row.prev_hash}, ${row.hash}, ${row.mac})`, 'audit.insert');
  }

  /** The newest row's place in the chain, or undefined for an empty log. */
  head(): AuditHead | undefined {
    return this.sql.get<AuditHead>(sql`SELECT seq, hash, ts FROM audit_log ORDER BY seq DESC LIMIT 1`, 'audit.head');
  }

  /** The newest seq, 0 for an empty log. */
  headSeq(): number {
    return this.sql.value<number>(sql`SELECT COALESCE(MAX(seq), 0) FROM audit_log`, 'audit.headSeq') ?? 0;
  }

  /** Whether the actor has an entry after `seq`: did a call record itself? */
  hasEntryBy(actor: Actor, afterSeq: number): boolean {
    return this.sql.get(sql`SELECT 1 FROM audit_log WHERE seq > ${afterSeq} AND actor_type = ${actor.type} AND actor_id = ${actor.id} LIMIT 1`, 'audit.hasEntryBy') !== undefined;
  }

  count(): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM audit_log`, 'audit.count') ?? 0;
  }

  countAfter(seq: number): number {
    return this.sql.value<number>(sql`SELECT COUNT(*) FROM audit_log WHERE seq > ${seq}`, 'audit.countAfter') ?? 0;
  }

  /** The hash stored at `seq` now, or undefined when the row is gone. */
  hashAt(seq: number): string | undefined {
    return this.sql.value<string>(sql`SELECT hash FROM audit_log WHERE seq = ${seq}`, 'audit.hashAt');
  }

  /** Every row after `seq`, oldest first, exactly as stored (hashes included), one at a time. */
  rowsAfter(seq = 0): IterableIterator<AuditRow> {
    return this.sql.iterate<AuditRow>(sql`SELECT * FROM audit_log WHERE seq > ${seq} ORDER BY seq`);
  }

  /** Rows after `afterSeq` up to `throughSeq`, oldest first, at most `limit`: one page of an export. */
  rowsBetween(afterSeq: number, throughSeq: number, limit: number): AuditRow[] {
    return this.sql.all<AuditRow>(sql`SELECT * FROM audit_log WHERE seq > ${afterSeq} AND seq <= ${throughSeq} ORDER BY seq LIMIT ${limit}`, 'audit.export page');
  }

  /** One page, newest first, of the rows the filter admits. */
  page(f: AuditFilter): AuditRow[] {
    const where = sql.where([
      f.actor !== undefined && sql`actor_id = ${f.actor} OR actor_name = ${f.actor} OR actor_type = ${f.actor}`,
      // 'policy.' reads as every policy action; anything else must match exactly.
      f.action !== undefined && (f.action.endsWith('.') ? sql`substr(action, 1, length(${f.action})) = ${f.action}` : sql`action = ${f.action}`),
      f.outcome !== undefined && sql`outcome = ${f.outcome}`,
      f.since !== undefined && sql`ts >= ${f.since}`,
      f.beforeSeq !== undefined && sql`seq < ${f.beforeSeq}`,
    ]);
    return this.sql.all<AuditRow>(sql`SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT ${f.limit}`, 'audit.page');
  }
}
