// The ingest bookkeeping tables: one ingest_sources row per file content (sha256) with its
// checkpoint and counts, and the rejects refused from it.
import type { IngestSource, Reject } from '@shared/contract/index';
import type { TelemetryFormat } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import type { Db } from '../db/open';
import { sql, type SqlRunner } from '../db/sql';
import type { QueryTimer } from '../db/timed';
import type { PruneTarget } from '../retention/prune-target';

export interface SourceRow {
  id: number; path: string; sha256: string; format: TelemetryFormat; size_bytes: number; lines_done: number;
  events: number; rejects: number; skipped: number; intel_hits: number; status: 'partial' | 'complete';
  started_at: number; finished_at: number | null;
}

export interface SourceDelta { lines_done: number; events: number; rejects: number; skipped: number; intel_hits: number; complete: boolean; at: number }

export class SourceStore {
  private readonly s;

  constructor(private readonly db: Db, private readonly timer: QueryTimer) {
    this.s = {
      bySha: db.prepare('SELECT * FROM ingest_sources WHERE sha256 = ?'),
      byId: db.prepare('SELECT lines_done, status FROM ingest_sources WHERE id = ?'),
      insert: db.prepare(`INSERT INTO ingest_sources (path, sha256, format, size_bytes, lines_done, status, started_at) VALUES (?, ?, ?, ?, 0, 'partial', ?)`),
      update: db.prepare(`UPDATE ingest_sources SET lines_done = ?, events = events + ?, rejects = rejects + ?, skipped = skipped + ?,
        intel_hits = intel_hits + ?, status = ?, finished_at = ? WHERE id = ?`),
      reject: db.prepare('INSERT INTO rejects (source_id, file, line, reason, excerpt, at) VALUES (?, ?, ?, ?, ?, ?)'),
      storedRejects: db.prepare('SELECT COUNT(*) FROM rejects WHERE source_id = ?').pluck(),
    };
  }

  bySha(sha256: string): SourceRow | undefined {
    return this.s.bySha.get(sha256) as SourceRow | undefined;
  }

  checkpoint(id: number): { lines_done: number; status: string } | undefined {
    return this.s.byId.get(id) as { lines_done: number; status: string } | undefined;
  }

  insert(path: string, sha256: string, format: TelemetryFormat, size: number, at: number): number {
    return Number(this.s.insert.run(path, sha256, format, size, at).lastInsertRowid);
  }

  /** Moves the checkpoint and adds the batch's counts (inside the batch transaction). */
  update(id: number, d: SourceDelta): void {
    this.s.update.run(d.lines_done, d.events, d.rejects, d.skipped, d.intel_hits, d.complete ? 'complete' : 'partial', d.complete ? d.at : null, id);
  }

  insertReject(sourceId: number, file: string, line: number, reason: string, excerpt: string | null, at: number): void {
    this.s.reject.run(sourceId, file, line, reason, excerpt, at);
  }

  storedRejects(sourceId: number): number {
    return this.s.storedRejects.get(sourceId) as number;
  }

  list(q: { limit: number; offset: number }): { sources: IngestSource[]; total: number } {
    const total = this.db.prepare('SELECT COUNT(*) FROM ingest_sources').pluck().get() as number;
    const rows = this.timer.measure('ingest_sources.list', () =>
      this.db.prepare('SELECT * FROM ingest_sources ORDER BY id DESC LIMIT ? OFFSET ?').all(q.limit, q.offset) as SourceRow[]);
    return {
      sources: rows.map((r) => ({ ...r, started_at: isoOrNull(r.started_at) ?? '', finished_at: isoOrNull(r.finished_at) })),
      total,
    };
  }

  listRejects(q: { source_id?: number; limit: number; offset: number }): { rejects: Reject[]; total: number } {
    const where = q.source_id === undefined ? '' : 'WHERE source_id = @source_id';
    const params = { source_id: q.source_id, limit: q.limit, offset: q.offset };
    const total = this.db.prepare(`SELECT COUNT(*) FROM rejects ${where}`).pluck().get(q.source_id === undefined ? {} : { source_id: q.source_id }) as number;
    const rows = this.timer.measure('rejects.list', () =>
      this.db.prepare(`SELECT id, file, line, reason, excerpt, at FROM rejects ${where} ORDER BY source_id, line, id LIMIT @limit OFFSET @offset`)
        .all(q.source_id === undefined ? { limit: q.limit, offset: q.offset } : params) as { id: number; file: string; line: number; reason: string; excerpt: string | null; at: number }[]);
    return { rejects: rows.map((r) => ({ ...r, at: isoOrNull(r.at) ?? '' })), total };
  }
}

/** Retention of rejects (retention/pruner.ts): by when they were refused, a batch at a time. */
export function rejectPruneTarget(runner: SqlRunner): PruneTarget {
  return {
    any: (before) => runner.value(sql`SELECT 1 FROM rejects WHERE at < ${before} LIMIT 1`, 'retention.rejects.any') !== undefined,
    delete: (before, limit) => runner.run(sql`DELETE FROM rejects WHERE id IN (SELECT id FROM rejects WHERE at < ${before} LIMIT ${limit})`, 'retention.rejects.delete').changes,
  };
}
