// One ingest of one source (a file or an in-memory event list): parse, attribute, match intel,
// and commit in batches. Each batch transaction holds the events, their intel hits, the rejects,
// the inventory activity, the moved checkpoint and (first and last) the audit entries, so a crash
// at any point leaves a consistent database that a re-run resumes after the last committed record.
import type { Actor } from '@shared/domain/actor';
import type { TelemetryFormat } from '@shared/domain/enums';
import type { PreparedStatement } from '../db/sql';
import { UserError } from '../errors';
import { BatchActivity, attribute } from './attribution';
import { BATCH_EVENTS, BATCH_RECORDS, BATCHES_BY_TIME, BatchBudget, noteCommit } from './commit-budget';
import { insertEvent } from './event-row';
import type { IngestDeps, IngestObserver } from './ingest-types';
import { canonicalEvent } from './parsers/canonical';
import { IGNORE, Rejection, SKIP, type LineParser, type ParseResult, type PipelineEvent } from './parsers/types';
import type { SourceRow, SourceStore } from './source-store';

// Batch sizes and the lock-time bound live in commit-budget.ts.
;
/** Rejects stored per source; all are counted. */
export const MAX_STORED_REJECTS = 10_000;
const EXCERPT = 300;

export interface RunStatements {
  insertEvent: PreparedStatement;
  insertHit: PreparedStatement;
  /** The id the batch's first event takes. */
  nextId: () => number;
}

export interface RunTarget {
  /** Stored as ingest_sources.path and rejects.file: the file's absolute path, or the caller's label. */
  file: string;
  sha256: string;
  format: TelemetryFormat;
  size: number;
  actor: Actor;
  /** The partial row of an interrupted earlier ingest of the same content. */
  existing?: SourceRow;
  /** Extra audit parameters (e.g. the in-memory source key). */
  auditParams?: Record<string, unknown>;
}

interface PendingReject { line: number; reason: string; excerpt: string | null }

const excerptOf = (text: string) => (text.length > EXCERPT ? text.slice(0, EXCERPT) : text);

export class IngestRun {
  lines = 0;
  events = 0;
  rejects = 0;
  skipped = 0;
  intelHits = 0;
  readonly resumeFrom: number;
  private sourceId: number | null;
  /** The checkpoint as committed: what the database must still say at the next batch. */
  private committedLine: number;
  private lastLine: number;
  private storedRejects: number;
  private announced = false;
  private batch: PipelineEvent[] = [];
  private batchRejects: PendingReject[] = [];
  private batchRejectCount = 0;
  private batchSkipped = 0;
  private batchHits = 0;
  private batchRecords = 0;
  private readonly activity = new BatchActivity();
  /** This run's batch size: by the lock time its commits took. */
  private readonly budget: BatchBudget;

  constructor(
    private readonly deps: IngestDeps,
    private readonly sources: SourceStore,
    private readonly stmts: RunStatements,
    private readonly observers: ReadonlySet<IngestObserver>,
    private readonly target: RunTarget,
    private readonly parser: LineParser | null,
    /** After each commit, outside its transaction (the WAL checkpoint between batches). */
    private readonly afterCommit: () => void,
  ) {
    // A size the caller fixed (tests that need known commit boundaries) is never resized by time.
    this.budget = new BatchBudget(deps.batchEvents ?? BATCH_EVENTS, deps.batchEvents === undefined && BATCHES_BY_TIME);
    this.sourceId = target.existing?.id ?? null;
    this.resumeFrom = target.existing?.lines_done ?? 0;
    this.committedLine = this.resumeFrom;
    this.lastLine = this.resumeFrom;
    this.storedRejects = this.sourceId === null ? 0 : sources.storedRejects(this.sourceId);
  }

  get id(): number | null {
    return this.sourceId;
  }

  /** Events and rejects so far, the batch not yet committed included (for progress). */
  get seen(): { events: number; rejects: number } {
    return { events: this.events + this.batch.length, rejects: this.rejects + this.batchRejectCount };
  }

  /** One line (or array element) of a file. */
  text(text: string, no: number): void {
    if (no <= this.resumeFrom) {
      this.parser!.replay?.(text);
      return;
    }
    this.lines++;
    this.lastLine = no;
    this.batchRecords++;
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) return this.maybeCommit();
    let result: ParseResult;
    try {
      result = this.parser!.parse(text);
    } catch (err) {
      this.addReject(no, err, text);
      return this.maybeCommit();
    }
    if (result === SKIP) this.batchSkipped++;
    else if (result !== IGNORE) this.accept(result);
    this.maybeCommit();
  }

  /** One in-memory event (ingestEvents): the canonical checks, `ts` in epoch ms or ISO. */
  object(value: unknown, no: number): void {
    if (no <= this.resumeFrom) return;
    this.lines++;
    this.lastLine = no;
    this.batchRecords++;
    try {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Rejection('expected an event object');
      this.accept(canonicalEvent(value as Record<string, unknown>));
    } catch (err) {
      let shown: string;
      try {
        shown = JSON.stringify(value) ?? String(value);
      } catch {
        shown = String(value);
      }
      this.addReject(no, err, shown);
    }
    this.maybeCommit();
  }

  /** A record the reader refused before parsing (an oversized line, a broken JSON array). */
  refuse(no: number, reason: string, excerpt: string): void {
    if (no <= this.resumeFrom) return;
    this.lines++;
    this.lastLine = no;
    this.batchRecords++;
    this.addReject(no, new Rejection(reason), excerpt);
    this.maybeCommit();
  }

  /** Commits what is left, marks the source complete and audits the final counts. */
  finish(): void {
    this.commit(true);
    for (const o of this.observers) o.settle?.();
  }

  private accept(ev: PipelineEvent): void {
    attribute(ev, this.deps.inventory);
    const hits = this.deps.intel.matchEvent(ev);
    if (hits.length !== 0) {
      ev.intel = hits;
      this.batchHits += hits.length;
    }
    this.activity.note(ev);
    this.batch.push(ev);
  }

  private addReject(no: number, err: unknown, text: string): void {
    // A parser bug must not stop the ingest either: the line is refused with what went wrong.
    const why = err instanceof Rejection ? err.reason : `could not be parsed: ${(err as Error)?.message ?? String(err)}`;
    this.batchRejectCount++;
    if (this.storedRejects + this.batchRejects.length < MAX_STORED_REJECTS) {
      this.batchRejects.push({ line: no, reason: `line ${no}: ${why}`, excerpt: text.length ? excerptOf(text) : null });
    }
  }

  private maybeCommit(): void {
    if (this.batch.length >= this.budget.events || this.batchRecords >= BATCH_RECORDS) this.commit(false);
  }

  private commit(final: boolean): void {
    const { db, audit, inventory, clock } = this.deps;
    const t = this.target;
    const batch = this.batch;
    let sourceId = this.sourceId;
    let locked = 0;
    // Another process's writer waiting (the console's action): let it in before this batch.
    this.deps.sql?.turns.yieldTurn();
    db.transaction(() => {
      locked = performance.now();
      const now = clock.now();
      if (sourceId === null) {
        if (this.sources.bySha(t.sha256)) throw busy(t.file);
        sourceId = this.sources.insert(t.file, t.sha256, t.format, t.size, now);
      } else {
        const cp = this.sources.checkpoint(sourceId);
        if (!cp || cp.lines_done !== this.committedLine || cp.status !== 'partial') throw busy(t.file);
      }
      if (!this.announced) {
        audit.append({
          actor: t.actor, action: 'ingest.file', params: { path: t.file, sha256: t.sha256, format: t.format, ...t.auditParams }, outcome: 'pending',
          detail: this.resumeFrom > 0 ? { status: 'resumed', after_line: this.resumeFrom } : { status: 'started' },
        });
      }
      if (batch.length) {
        const insert = this.stmts.insertEvent;
        const hit = this.stmts.insertHit;
        let id = this.stmts.nextId();
        for (let i = 0; i < batch.length; i++) {
          const ev = batch[i];
          ev.id = id++;
          insertEvent(insert, ev, sourceId);
          for (const h of ev.intel) hit.run(ev.id, ev.ts, h.indicator_id, h.reputation, h.field, h.value, ev.entity_type, ev.entity_id);
        }
      }
      for (const r of this.batchRejects) this.sources.insertReject(sourceId, t.file, r.line, r.reason, r.excerpt, now);
      this.activity.apply(inventory);
      this.sources.update(sourceId, {
        lines_done: this.lastLine, events: batch.length, rejects: this.batchRejectCount, skipped: this.batchSkipped,
        intel_hits: this.batchHits, complete: final, at: now,
      });
      if (final) {
        const row = this.sources.checkpoint(sourceId);
        audit.append({
          actor: t.actor, action: 'ingest.file', params: { path: t.file, sha256: t.sha256, format: t.format, ...t.auditParams }, outcome: 'ok',
          detail: {
            status: 'complete', source_id: sourceId, lines_done: row?.lines_done,
            this_run: { lines: this.lines, events: this.events + batch.length, rejects: this.rejects + this.batchRejectCount, skipped: this.skipped + this.batchSkipped, intel_hits: this.intelHits + this.batchHits },
          },
        });
      }
      if (batch.length) for (const o of this.observers) o.onBatch(batch);
    }).immediate();
    const lockMs = performance.now() - locked;
    noteCommit(this.deps.log, lockMs, batch.length);
    this.budget.committed(lockMs, batch.length);
    // Committed: only now do the counters and the checkpoint move.
    this.sourceId = sourceId;
    this.announced = true;
    this.committedLine = this.lastLine;
    this.events += batch.length;
    this.rejects += this.batchRejectCount;
    this.skipped += this.batchSkipped;
    this.intelHits += this.batchHits;
    this.storedRejects += this.batchRejects.length;
    this.batch = [];
    this.batchRejects = [];
    this.batchRejectCount = 0;
    this.batchSkipped = 0;
    this.batchHits = 0;
    this.batchRecords = 0;
    this.afterCommit();
  }
}

function busy(file: string): UserError {
  return new UserError('conflict', `${file}: another ingest of the same content is running or finished meanwhile; run again to resume or see it is complete`, 'file');
}
