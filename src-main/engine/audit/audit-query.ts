// Reads the audit log for get_audit_log: newest first, filtered, paged by seq (`audit export`: audit-export-page.ts).
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { AuditEntry } from '@shared/contract/operations/audit-list';
import type { ActorType } from '@shared/domain/enums';
import { isoOrNull, parseTimestamp } from '@shared/domain/time';
import type { AuditRow, AuditStore } from './audit-store';

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq, ts: isoOrNull(row.ts) as string, source: row.actor_type as ActorType, actor_id: row.actor_id, actor_name: row.actor_name,
    action: row.action, params: JSON.parse(row.params) as unknown, outcome: row.outcome as AuditEntry['outcome'],
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown), hash: row.hash,
  };
}

export function listAudit(store: AuditStore, q: OpParsedInput<'audit.list'>): OpOutput<'audit.list'> {
  const rows = store.page({
    actor: q.actor, action: q.action, outcome: q.outcome, since: q.since === undefined ? undefined : parseTimestamp(q.since), beforeSeq: q.before_seq, limit: q.limit + 1,
  });
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return { entries: page.map(toAuditEntry), next_before_seq: more ? page[page.length - 1].seq : null };
}
