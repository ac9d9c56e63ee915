// The ingest bookkeeping tables: one ingest_sources row per file content (sha256) with its
// checkpoint and counts, and the rejects refused from it.
import type { IngestSource, Reject } from '@shared/contract/index';
import type { TelemetryFormat } from '@shared/domain/enums';
import { isoOrNull } from '@shared/domain/time';
import { sql, type PreparedStatement, type SqlRunner } from '../db/sql';
import type { PruneTarget } from '../retention/prune-target';

export interface SourceRow {
  id: number; path: string; sha256: string; format: TelemetryFormat; size_bytes: number; lines_done: number;
  events: number; rejects: number; skipped: number; intel_hits: number; status: 'partial' | 'complete';
  started_at: number; finished_at: number | null;
}

export interface SourceDelta { lines_done: number; events: number; rejects: number; skipped: number; intel_hits: number; complete: boolean; at: number }

export class SourceStore {
  /** Per rejected line: a positional statement, prepared once. */
  private readonly insertRejectStmt: PreparedStatement;

  constructor(private readonly db: SqlRunner) {
    this.insertRejectStmt = db.statement('rejects.insert', 'INSERT INTO rejects (source_id, file, line, reason, excerpt, at) VALUES (?, ?, ?, ?, ?, ?)');
  }

  /** How many sources and rejects are stored: for `threatmatic stats`. */
  counts(): { sources: number; rejects: number } {
    return this.db.get<{ sources: number; rejects: number }>(sql`SELECT (SELECT COUNT(*) FROM ingest_sources) AS sources, (SELECT COUNT(*) FROM rejects) AS rejects`, 'ingest_sources.counts')!;
  }

  bySha(sha256: string): SourceRow | undefined {
    return this.db.get<SourceRow>(sql`SELECT * FROM ingest_sources WHERE sha256 = ${sha256}`, 'ingest_sources.by_sha');
  }

  checkpoint(id: number): { lines_done: number; status: string } | undefined {
    return this.db.get<{ lines_done: number; status: string }>(sql`SELECT lines_done, status FROM ingest_sources WHERE id = ${id}`, 'ingest_sources.checkpoint');
  }

  insert(path: string, sha256: string, format: TelemetryFormat, size: number, at: number): number {
    return Number(this.db.run(sql`INSERT INTO ingest_sources (path, sha256, format, size_bytes, lines_done, status, started_at) VALUES (${path}, ${sha256}, ${format}, ${size}, 0, 'partial', ${at})`, 'ingest_sources.insert').lastInsertRowid);
  }

  /** Moves the checkpoint and adds the batch's counts (inside the batch transaction). */
  update(id: number, d: SourceDelta): void {
    this.db.run(sql`UPDATE ingest_sources SET lines_done = ${d.lines_done}, events = events + ${d.events}, rejects = rejects + ${d.rejects}, skipped = skipped + ${d.skipped},
      intel_hits = intel_hits + ${d.intel_hits}, status = ${d.complete ? 'complete' : 'partial'}, finished_at = ${d.complete ? d.at : null} WHERE id = ${id}`, 'ingest_sources.update');
  }

  insertReject(sourceId: number, file: string, line: number, reason: string, excerpt: string | null, at: number): void {
    this.insertRejectStmt.run(sourceId, file, line, reason, excerpt, at);
  }

  storedRejects(sourceId: number): number {
    return this.db.value<number>(sql`SELECT COUNT(*) FROM rejects WHERE source_id = ${sourceId}`, 'rejects.stored') ?? 0;
  }

  list(q: { limit: number; offset: number }): { sources: IngestSource[]; total: number } {
    const total = this.db.value<number>(sql`SELECT COUNT(*) FROM ingest_sources`) ?? 0;
    const rows = this.db.all<SourceRow>(sql`SELECT * FROM ingest_sources ORDER BY id DESC LIMIT ${q.limit} OFFSET ${q.offset}`, 'ingest_sources.list');
    return {
      sources: rows.map((r) => ({ ...r, started_at: isoOrNull(r.started_at) ?? '', finished_at: isoOrNull(r.finished_at) })),
      total,
    };
  }

  listRejects(q: { source_id?: number; limit: number; offset: number }): { rejects: Reject[]; total: number } {
    const where = sql.where([q.source_id !== undefined && sql`source_id = ${q.source_id}`]);
    const total = this.db.value<number>(sql`SELECT COUNT(*) FROM rejects ${where}`) ?? 0;
    const rows = this.db.all<{ id: number; file: string; line: number; reason: string; excerpt: string | null; at: number }>(
      sql`SELECT id, file, line, reason, excerpt, at FROM rejects ${where} ORDER BY source_id, line, id LIMIT ${q.limit} OFFSET ${q.offset}`, 'rejects.list');
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
