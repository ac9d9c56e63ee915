// The ingestor's dependencies and what observes its batches: apart from ingestor.ts so the run it drives
// (ingest-run.ts) can name them without importing the ingestor back.
import type { AttributedEvent } from '@shared/domain/telemetry';
import type { AuditLog } from '../audit/audit-log';
import type { Clock, Scheduler } from '../clock';
import type { Db } from '../db/open';
import type { SqlRunner } from '../db/sql';
import type { IntelStore } from '../intel/intel-store';
import type { Inventory } from '../inventory/inventory';
import type { Logger } from '../log';

export interface IngestDeps {
  db: Db; clock: Clock; log: Logger; inventory: Inventory; intel: IntelStore; audit: AuditLog;
  /** The engine's SQL layer (engine.sql); one of its own over `db` when not given. */
  sql?: SqlRunner;
  /** Batches of exactly this many events, each committed on its own (tests that need known commit boundaries); commit-budget.ts by default. */
  batchEvents?: number;
  /** Events a one-shot process's transaction may hold while no other writer waits (commit-budget.ts, GROUP_EVENTS); 1 commits every batch alone. */
  groupEvents?: number;
  /** The database file, whose WAL the ingest checkpoints between its transactions (none for an in-memory database). */
  dbPath?: string | null;
  /** The side file that keeps ingests into one database one at a time across processes (none for an in-memory database). */
  lockPath?: string | null;
  /** Paces the wait for another ingest's lock; the clock's own by default. */
  scheduler?: Scheduler;
}

/**
 * Sees every committed batch, inside its transaction (detectors, roll-ups, baselines plug in here). A transaction
 * holds one batch or, in a one-shot process, several in a row (commit-budget.ts, GROUP_EVENTS): each is handed
 * over on its own, and endCommit follows the last.
 */
export interface IngestObserver {
  onBatch(events: AttributedEvent[]): void;
  /** After the last batch of a transaction, before it commits: what is written once per commit (the pipeline's derived state). */
  endCommit?(): void;
  /** The transaction that held the batches handed over since the last endCommit rolled back: what memory kept of them is stale. */
  rolledBack?(): void;
  /** The ingest committed its last batch: write what was kept for later (the pipeline's baseline checkpoints). */
  settle?(): void;
  /** The last ingest running in this process finished (its batches are committed). */
  onIngestEnd?(): void;
}
