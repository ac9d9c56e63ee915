// Reads the audit log for get_audit_log: newest first, filtered, paged by seq (`audit export`: audit-export-page.ts).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { AuditEntry } from '@shared/contract/operations/audit-list';
import type { ActorType } from '@shared/domain/enums';
import { isoOrNull, parseTimestamp } from '@shared/domain/time';
import type { Db } from '../db/open';
import type { AuditRow } from './audit-log';

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq, ts: isoOrNull(row.ts) as string, source: row.actor_type as ActorType, actor_id: row.actor_id, actor_name: row.actor_name,
    action: row.action, params: JSON.parse(row.params) as unknown, outcome: row.outcome as AuditEntry['outcome'],
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown), hash: row.hash,
  };
}

export function listAudit(db: Db, q: OpParsedInput<'audit.list'>): OpOutput<'audit.list'> {
  const where: string[] = [];
  const args: Record<string, unknown> = { limit: q.limit + 1 };
  if (q.actor !== undefined) {
    where.push('(actor_id = @actor OR actor_name = @actor OR actor_type = @actor)');
    args.actor = q.actor;
  }
  if (q.action !== undefined) {
    // 'policy.' reads as every policy action; anything else must match exactly.
    where.push(q.action.endsWith('.') ? 'substr(action, 1, length(@action)) = @action' : 'action = @action');
    args.action = q.action;
  }
  if (q.outcome !== undefined) {
    where.push('outcome = @outcome');
    args.outcome = q.outcome;
  }
  if (q.since !== undefined) {
    where.push('ts >= @since');
    args.since = parseTimestamp(q.since);
  }
  if (q.before_seq !== undefined) {
    where.push('seq < @before');
    args.before = q.before_seq;
  }
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`;
  const rows = db.prepare(sql).all(args) as AuditRow[];
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return { entries: page.map(toAuditEntry), next_before_seq: more ? page[page.length - 1].seq : null };
}
