// One ingest of one source (a file or an in-memory event list): parse, attribute, match intel,
// and commit in batches. Each transaction holds its batches' events, their intel hits, the rejects,
// the inventory activity, the moved checkpoint and (first and last) the audit entries, so a crash
// at any point leaves a consistent database that a re-run resumes after the last committed record.
// Batches end where they always did (BATCH_EVENTS, BATCH_RECORDS), so the detectors judge the same
// events together however they commit; a one-shot process commits several at once while no other
// process's writer waits (GROUP_EVENTS), and a resume starts at a batch's end either way.
import type { Actor } from '@shared/domain/actor';
import type { TelemetryFormat } from '@shared/domain/enums';
import type { PreparedStatement } from '../db/sql';
import { UserError } from '../errors';
import { BatchActivity, attribute } from './attribution';
import { BATCH_EVENTS, BATCH_RECORDS, BATCHES_BY_TIME, BatchBudget, GROUP_EVENTS, noteCommit } from './commit-budget';
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

/** One batch: what the detectors judge together, and where the source stood at its end. */
interface Batch {
  events: PipelineEvent[];
  /** The rejects stored with their reasons (up to MAX_STORED_REJECTS per source); rejectCount counts them all. */
  rejects: PendingReject[];
  rejectCount: number;
  skipped: number;
  hits: number;
  records: number;
  /** Its last record: the checkpoint once it commits. */
  lastLine: number;
}

const newBatch = (): Batch => ({ events: [], rejects: [], rejectCount: 0, skipped: 0, hits: 0, records: 0, lastLine: 0 });

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
  /** The batch being filled. */
  private batch = newBatch();
  /** Batches ended but not yet committed (a one-shot process commits several at once). */
  private held: Batch[] = [];
  private readonly activity = new BatchActivity();
  /** This run's batch size: by the lock time its commits took. */
  private readonly budget: BatchBudget;
  /** Batches a transaction may hold while nobody waits (1: every batch commits on its own). */
  private readonly groupBatches: number;

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
    // A caller that fixed the batch size wants known commit boundaries; a long-running process commits every batch (commit-budget.ts).
    const groups = deps.batchEvents === undefined && deps.sql?.turns.groupsBatches === true;
    // Counted in batches: a batch holds at most BATCH_EVENTS events, and a file of rejects, none.
    this.groupBatches = groups ? Math.max(1, Math.ceil((deps.groupEvents ?? GROUP_EVENTS) / BATCH_EVENTS)) : 1;
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
    return { events: this.events + this.heldSum((b) => b.events.length), rejects: this.rejects + this.heldSum((b) => b.rejectCount) };
  }

  /** A count over the held batches and the one being filled. */
  private heldSum(of: (b: Batch) => number): number {
    let n = of(this.batch);
    for (const b of this.held) n += of(b);
    return n;
  }

  /** One line (or array element) of a file. */
  text(text: string, no: number): void {
    if (no <= this.resumeFrom) {
      this.parser!.replay?.(text);
      return;
    }
    this.lines++;
    this.lastLine = no;
    this.batch.records++;
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim().length === 0)) return this.maybeCommit();
    let result: ParseResult;
    try {
      result = this.parser!.parse(text);
    } catch (err) {
      this.addReject(no, err, text);
      return this.maybeCommit();
    }
    if (result === SKIP) this.batch.skipped++;
    else if (result !== IGNORE) this.accept(result);
    this.maybeCommit();
  }

  /** One in-memory event (ingestEvents): the canonical checks, `ts` in epoch ms or ISO. */
  object(value: unknown, no: number): void {
    if (no <= this.resumeFrom) return;
    this.lines++;
    this.lastLine = no;
    this.batch.records++;
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
    this.batch.records++;
    this.addReject(no, new Rejection(reason), excerpt);
    this.maybeCommit();
  }

  /** Commits what is left, marks the source complete and audits the final counts. */
  finish(): void {
    // The last batch, even an empty one: its commit marks the source complete.
    this.end();
    while (this.held.length !== 0) this.commit(true);
    for (const o of this.observers) o.settle?.();
  }

  private accept(ev: PipelineEvent): void {
    attribute(ev, this.deps.inventory);
    const hits = this.deps.intel.matchEvent(ev);
    if (hits.length !== 0) {
      ev.intel = hits;
      this.batch.hits += hits.length;
    }
    this.batch.events.push(ev);
  }

  private addReject(no: number, err: unknown, text: string): void {
    // A parser bug must not stop the ingest either: the line is refused with what went wrong.
    const why = err instanceof Rejection ? err.reason : `could not be parsed: ${(err as Error)?.message ?? String(err)}`;
    const b = this.batch;
    b.rejectCount++;
    if (this.storedRejects + this.heldSum((h) => h.rejects.length) < MAX_STORED_REJECTS) {
      b.rejects.push({ line: no, reason: `line ${no}: ${why}`, excerpt: text.length ? excerptOf(text) : null });
    }
  }

  private maybeCommit(): void {
    if (this.batch.events.length < this.budget.events && this.batch.records < BATCH_RECORDS) return;
    this.end();
    // The group is full, or another process's writer waits: commit what is held. In a long-running process the group is one batch.
    if (this.held.length >= this.groupBatches || this.deps.sql?.turns.someoneWaits() === true) this.commit(false);
  }

  /** Ends the batch being filled: it waits with the others for the next commit. */
  private end(): void {
    const b = this.batch;
    b.lastLine = this.lastLine;
    this.held.push(b);
    this.batch = newBatch();
  }

  /**
   * Commits held batches in one transaction: all of them, or, when another process's writer is seen waiting
   * between two of them, those up to the one in hand (the rest go in the next transaction, after the waiter).
   * `final`: the source is complete once the last held batch commits.
   */
  private commit(final: boolean): void {
    const { db, audit, inventory, clock } = this.deps;
    const turns = this.deps.sql?.turns;
    const t = this.target;
    const held = this.held;
    let sourceId = this.sourceId;
    let locked = 0;
    let waiterSeen: number | null = null;
    // The batches committed, and what they held.
    const sum = { taken: 0, events: 0, rejects: 0, stored: 0, skipped: 0, hits: 0 };
    // Another process's writer waiting (the console's action): let it in before this transaction.
    turns?.yieldTurn();
    try {
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
        const insert = this.stmts.insertEvent;
        const hit = this.stmts.insertHit;
        let id = this.stmts.nextId();
        for (const b of held) {
          // A writer of another process waits: the transaction ends with the batch before, so it waits for one batch, not all held.
          if (sum.taken !== 0 && turns?.someoneWaits() === true) {
            waiterSeen = performance.now();
            break;
          }
          const batch = b.events;
          for (let i = 0; i < batch.length; i++) {
            const ev = batch[i];
            ev.id = id++;
            insertEvent(insert, ev, sourceId);
            for (const h of ev.intel) hit.run(ev.id, ev.ts, h.indicator_id, h.reputation, h.field, h.value, ev.entity_type, ev.entity_id);
            this.activity.note(ev);
          }
          for (const r of b.rejects) this.sources.insertReject(sourceId, t.file, r.line, r.reason, r.excerpt, now);
          if (batch.length) for (const o of this.observers) o.onBatch(batch);
          sum.taken++;
          sum.events += batch.length;
          sum.rejects += b.rejectCount;
          sum.stored += b.rejects.length;
          sum.skipped += b.skipped;
          sum.hits += b.hits;
        }
        for (const o of this.observers) o.endCommit?.();
        this.activity.apply(inventory);
        const complete = final && sum.taken === held.length;
        this.sources.update(sourceId, {
          lines_done: held[sum.taken - 1].lastLine, events: sum.events, rejects: sum.rejects, skipped: sum.skipped, intel_hits: sum.hits, complete, at: now,
        });
        if (complete) {
          const row = this.sources.checkpoint(sourceId);
          audit.append({
            actor: t.actor, action: 'ingest.file', params: { path: t.file, sha256: t.sha256, format: t.format, ...t.auditParams }, outcome: 'ok',
            detail: {
              status: 'complete', source_id: sourceId, lines_done: row?.lines_done,
              this_run: { lines: this.lines, events: this.events + sum.events, rejects: this.rejects + sum.rejects, skipped: this.skipped + sum.skipped, intel_hits: this.intelHits + sum.hits },
            },
          });
        }
      }).immediate();
    } catch (err) {
      this.activity.clear();
      for (const o of this.observers) o.rolledBack?.();
      throw err;
    }
    const end = performance.now();
    const lockMs = end - locked;
    noteCommit(this.deps.log, lockMs, sum.events, 'batch', { batches: sum.taken, waiterMs: waiterSeen === null ? null : end - waiterSeen });
    this.budget.committed(lockMs / sum.taken, sum.events / sum.taken);
    // Committed: only now do the counters and the checkpoint move.
    this.sourceId = sourceId;
    this.announced = true;
    this.committedLine = held[sum.taken - 1].lastLine;
    this.events += sum.events;
    this.rejects += sum.rejects;
    this.skipped += sum.skipped;
    this.intelHits += sum.hits;
    this.storedRejects += sum.stored;
    this.held = held.slice(sum.taken);
    this.afterCommit();
  }
}

function busy(file: string): UserError {
  return new UserError('conflict', `${file}: another ingest of the same content is running or finished meanwhile; run again to resume or see it is complete`, 'file');
}
