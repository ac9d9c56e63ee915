// Telemetry ingest: files (streamed, any supported format) and in-memory events (the simulator),
// through one pipeline: parse → attribute → intel match → batched transactional insert → observers.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { IngestSource, Reject } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { EntityType, TelemetryFormat } from '@shared/domain/enums';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { schedulerOf } from '../clock';
import { sql, SqlRunner } from '../db/sql';
import { BulkWalCheckpoints } from '../db/wal-checkpoints';
import { UserError } from '../errors';
import { extractContainer, sniffContainer } from './archive';
import { detectFormat } from './detect-format';
import { INSERT_EVENT_SQL } from './event-row';
import { HEAD_BYTES, fileSize, readHead, sha256File } from './file-access';
import { IngestLock } from './ingest-lock';
import { noteCommit } from './commit-budget';
import { EntityEventIndex, INDEX_EVERY } from './entity-event-index';
import { IngestRun, MAX_STORED_REJECTS, type RunStatements, type RunTarget } from './ingest-run';
import { createParser } from './parsers/index';
import type { LineParser } from './parsers/types';
import { readRecords, type RecordContainer } from './record-reader';
import type { IngestDeps, IngestObserver } from './ingest-types';
import { SourceStore, type SourceRow } from './source-store';

export type { IngestDeps, IngestObserver } from './ingest-types';


export interface IngestProgress { file: string; bytes_done: number; bytes_total: number; lines: number; events: number; rejects: number }
export interface IngestSummary {
  source_id: number; file: string; format: TelemetryFormat; status: 'ingested' | 'resumed' | 'already_ingested';
  /** Counts of this run (a resumed run counts from its resume point; an already ingested file, zeros). */
  lines: number; events: number; rejects: number; skipped: number; intel_hits: number; seconds: number;
  sha256: string;
  /** What a person should know: why lines were skipped, rejects beyond the stored cap. */
  notes: string[];
}

export interface IngestFileOptions {
  actor: Actor;
  /** Overrides detection; ignored when resuming a partial ingest (the checkpoint belongs to its format). */
  format?: TelemetryFormat;
  onProgress?: (p: IngestProgress) => void;
  /** Epoch ms that relative Zeek timestamps count from; without it they are rejected. */
  timeBase?: number;
  /** Told once when another ingest into the same database is running and this one waits for it. */
  onWait?: (message: string) => void;
}

const PROGRESS_MS = 250;
/**
 * WAL bytes between checkpoints while an ingest runs (SQLite's default is 1000 pages, 4-8 MB). Each
 * checkpoint copies every page the last commits touched; during a bulk load that is most of the
 * index each time. 64 MB (16k pages of 4 KiB) measured +25% events/s; durability is unchanged (WAL, NORMAL).
 * Counted in bytes, so a database with larger pages (8 KiB for new files: db/open.ts) keeps the same bound on disk.
 */
const BULK_WAL_BYTES = 64 * 1024 * 1024;

export class Ingestor {
  private readonly observers = new Set<IngestObserver>();
  private readonly sources: SourceStore;
  private readonly stmts: RunStatements;
  private readonly wal: BulkWalCheckpoints;
  private readonly lock: IngestLock;
  private readonly sql: SqlRunner;
  private readonly byEntity: EntityEventIndex;

  constructor(private readonly deps: IngestDeps) {
    this.lock = new IngestLock(deps.lockPath ?? null, deps.scheduler ?? schedulerOf(deps.clock));
    this.sql = deps.sql ?? new SqlRunner(deps.db, deps.log);
    this.sources = new SourceStore(this.sql);
    this.wal = new BulkWalCheckpoints(deps.db, deps.dbPath ?? null, BULK_WAL_BYTES / (deps.db.pragma('page_size', { simple: true }) as number), deps.log);
    this.byEntity = new EntityEventIndex(this.sql, deps.log);
    this.stmts = {
      insertEvent: this.sql.statement('ingest.insert_event', INSERT_EVENT_SQL),
      insertHit: this.sql.statement('ingest.insert_hit', 'INSERT INTO intel_hits (event_id, ts, indicator_id, reputation, field, value, entity_type, entity_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      nextId: () => this.byEntity.nextEventId(),
    };
  }

  /** Moves a discovered device's intel hits to the inventory entity that claimed its address; inside the import's transaction. */
  reassignHits(fromDevice: string, to: { type: EntityType; id: string }): number {
    return this.sql.run(sql`UPDATE intel_hits SET entity_type = ${to.type}, entity_id = ${to.id} WHERE entity_type = 'device' AND entity_id = ${fromDevice}`, 'ingest.reassign_hits').changes;
  }

  /** Whether another process is ingesting into this database now (its ingest lock is held). */
  runningElsewhere(): boolean {
    return this.lock.heldElsewhere();
  }

  /** Registers an observer of committed batches; returns its removal. */
  addObserver(o: IngestObserver): () => void {
    this.observers.add(o);
    return () => {
      this.observers.delete(o);
    };
  }

  /**
   * Ingests one file. Ingests into one database run one at a time: a second one (from this process or
   * another) waits for the first to finish, so both count fully and in a definite order.
   */
  async ingestFile(path: string, opts: IngestFileOptions): Promise<IngestSummary> {
    const lock = await this.lock.acquire(() => {
      const message = `${resolve(path)}: another ingest into this database is running; waiting for it to finish`;
      this.deps.log.info(message);
      opts.onWait?.(message);
    });
    this.bulkStart();
    try {
      const file = resolve(path);
      await fileSize(file); // a FIFO, device or directory is refused before anything reads it
      const container = await sniffContainer(file);
      if (container) return await this.ingestContainer(file, container, opts);
      return await this.ingestFileNow(path, opts);
    } finally {
      this.bulkEnd();
      lock.release();
    }
  }

  /** A zip or gzip file: each file it holds is ingested as a file of its own, named `archive!member`. */
  private async ingestContainer(file: string, kind: 'zip' | 'gzip', opts: IngestFileOptions): Promise<IngestSummary> {
    const started = performance.now();
    const dir = await mkdtemp(join(tmpdir(), 'tm-ingest-archive-'));
    try {
      const members = await extractContainer(file, kind, dir);
      const done: IngestSummary[] = [];
      const notes: string[] = [];
      let firstError: unknown;
      for (const m of members) {
        const label = `${file}!${relative(dir, m).split(sep).slice(kind === 'zip' ? 1 : 0).join('/')}`;
        try {
          const s = await this.ingestFileNow(m, opts, label);
          done.push(s);
          notes.push(`${label}: ${s.format}, ${s.status}, ${s.events} events${s.rejects ? `, ${s.rejects} rejected` : ''}${s.skipped ? `, ${s.skipped} skipped` : ''}`, ...s.notes.map((n) => `${label}: ${n}`));
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          firstError ??= err;
          notes.push(`${label}: not ingested: ${err.message.replace(`${m}: `, '')}`);
        }
      }
      if (done.length === 0) {
        if (firstError instanceof UserError && members.length === 1) throw firstError;
        throw new UserError('unsupported', `${file}: no telemetry file in this ${kind} archive (${notes.join('; ') || 'it is empty'})`, 'file');
      }
      const sum = (k: 'lines' | 'events' | 'rejects' | 'skipped' | 'intel_hits') => done.reduce((n, s) => n + s[k], 0);
      return {
        source_id: done[done.length - 1].source_id, file, format: done[0].format,
        status: done.every((s) => s.status === 'already_ingested') ? 'already_ingested' : done.some((s) => s.status === 'resumed') ? 'resumed' : 'ingested',
        lines: sum('lines'), events: sum('events'), rejects: sum('rejects'), skipped: sum('skipped'), intel_hits: sum('intel_hits'),
        seconds: (performance.now() - started) / 1000, sha256: done[0].sha256,
        notes: [`${kind} archive: ${members.length} file${members.length === 1 ? '' : 's'} inside, ${done.length} ingested`, ...notes],
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async ingestFileNow(path: string, opts: IngestFileOptions, label?: string): Promise<IngestSummary> {
    const started = performance.now();
    const source = resolve(path);
    /** What the file is called in sources, rejects and summaries (an archive member: `archive.zip!conn.log`). */
    const file = label ?? source;
    const size = await fileSize(source);
    const sha256 = await sha256File(source);
    const existing = this.sources.bySha(sha256);
    if (existing?.status === 'complete') return alreadyIngested(existing, file, started);
    const head = await readHead(source);
    let format: TelemetryFormat;
    let container: RecordContainer;
    if (existing || opts.format) {
      format = existing?.format ?? opts.format!;
      container = format === 'windows_events' && head.trimStart().startsWith('<') ? 'xml' : format !== 'zeek_tsv' && head.trimStart().startsWith('[') ? 'array' : 'lines';
      if (existing && opts.format && opts.format !== existing.format) {
        this.deps.log.warn('resuming with the format of the interrupted ingest', { file, format: existing.format, requested: opts.format });
      }
    } else {
      ({ format, container } = detectFormat(head, label ?? file, size <= HEAD_BYTES));
    }
    const parser = createParser(format, { timeBase: opts.timeBase });
    const run = this.newRun({ file, sha256, format, size, actor: opts.actor, existing }, parser);
    let lastProgress = performance.now();
    const progress = (bytes: number) => opts.onProgress?.({ file, bytes_done: bytes, bytes_total: size, lines: run.resumeFrom + run.lines, ...run.seen });
    await readRecords(source, container, {
      record: (text, no) => run.text(text, no),
      refuse: (no, reason, excerpt) => run.refuse(no, reason, excerpt),
      chunkDone: (bytes) => {
        const now = performance.now();
        if (now - lastProgress >= PROGRESS_MS) {
          lastProgress = now;
          progress(bytes);
        }
        // Let timers and I/O run between chunks (the console stays responsive during a long import).
        return new Promise<void>((r) => setImmediate(r));
      },
    });
    run.finish();
    this.indexByEntity(1);
    progress(size);
    return this.summary(run, file, sha256, format, existing, parser, started);
  }

  ingestEvents(events: Iterable<TelemetryEvent>, opts: { actor: Actor; sourceKey: string; label: string }): IngestSummary {
    const started = performance.now();
    const sha256 = createHash('sha256').update(opts.sourceKey).digest('hex');
    const existing = this.sources.bySha(sha256);
    if (existing?.status === 'complete') return alreadyIngested(existing, opts.label, started);
    const run = this.newRun({ file: opts.label, sha256, format: 'canonical', size: 0, actor: opts.actor, existing, auditParams: { source_key: opts.sourceKey } }, null);
    // Synchronous, so it cannot wait: when a file ingest holds the lock, its batches and these still
    // each apply to current derived state (the pipeline reloads what another writer changed).
    const lock = this.lock.tryAcquire();
    this.bulkStart();
    try {
      let no = 0;
      for (const ev of events) run.object(ev, ++no);
      run.finish();
      this.indexByEntity(1);
    } finally {
      this.bulkEnd();
      lock?.release();
    }
    return this.summary(run, opts.label, sha256, 'canonical', existing, null, started);
  }

  /** Runs `fn` while no ingest into this database runs (waiting for one that does, telling `onWait`). */
  async exclusive<T>(fn: () => T, onWait: (message: string) => void): Promise<T> {
    const lock = await this.lock.acquire(() => onWait('an ingest into this database is running; waiting for it to finish'));
    try {
      return fn();
    } finally {
      lock.release();
    }
  }

  /** How many sources and rejects are stored (`threatmatic stats`). */
  sourceCounts(): { sources: number; rejects: number } {
    return this.sources.counts();
  }

  listSources(q: { limit: number; offset: number }): { sources: IngestSource[]; total: number } {
    return this.sources.list(q);
  }

  listRejects(q: { source_id?: number; limit: number; offset: number }): { rejects: Reject[]; total: number } {
    return this.sources.listRejects(q);
  }

  /** While any ingest runs in this process: its batches, then what observers write when the last one ends. */
  private bulkStart(): void {
    this.wal.start();
  }

  private bulkEnd(): void {
    if (this.wal.running === 1 && this.deps.db.open) for (const o of this.observers) o.onIngestEnd?.();
    this.wal.end();
  }

  private newRun(target: RunTarget, parser: LineParser | null): IngestRun {
    return new IngestRun(this.deps, this.sources, this.stmts, this.observers, target, parser, () => {
      this.indexByEntity(INDEX_EVERY);
      this.wal.afterCommit();
    });
  }

  /** Indexes the committed events by entity once `min` wait (entity-event-index.ts); its lock time is a commit's. */
  private indexByEntity(min: number): void {
    const done = this.byEntity.catchUpIfBehind(min);
    if (done !== null) noteCommit(this.deps.log, done.ms, done.events, 'index');
  }

  private summary(run: IngestRun, file: string, sha256: string, format: TelemetryFormat, existing: SourceRow | undefined, parser: LineParser | null, started: number): IngestSummary {
    const notes = parser?.skipNotes?.() ?? [];
    const stored = this.sources.bySha(sha256);
    if (stored && stored.rejects > MAX_STORED_REJECTS) notes.push(`${stored.rejects} lines rejected; the first ${MAX_STORED_REJECTS} are stored with their reasons`);
    return {
      source_id: run.id!, file, format, status: existing ? 'resumed' : 'ingested', lines: run.lines, events: run.events, rejects: run.rejects,
      skipped: run.skipped, intel_hits: run.intelHits, seconds: (performance.now() - started) / 1000, sha256, notes,
    };
  }
}

function alreadyIngested(row: SourceRow, file: string, started: number): IngestSummary {
  return {
    source_id: row.id, file, format: row.format, status: 'already_ingested', lines: 0, events: 0, rejects: 0, skipped: 0, intel_hits: 0,
    seconds: (performance.now() - started) / 1000, sha256: row.sha256,
    notes: [`already ingested as source ${row.id} (${row.path}): ${row.events} events, ${row.rejects} rejects; nothing added`],
  };
}
