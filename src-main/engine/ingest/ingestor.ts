// INTERFACE SKELETON, replaced by the ingest implementation (owner: ingest helper).
import type { IngestSource, Reject } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { TelemetryFormat } from '@shared/domain/enums';
import type { AttributedEvent, TelemetryEvent } from '@shared/domain/telemetry';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { Db } from '../db/open';
import type { QueryTimer } from '../db/timed';
import type { IntelStore } from '../intel/intel-store';
import type { Inventory } from '../inventory/inventory';
import type { Logger } from '../log';

export interface IngestDeps { db: Db; clock: Clock; log: Logger; timer: QueryTimer; inventory: Inventory; intel: IntelStore; audit: AuditLog }

/** Sees every committed batch, inside its transaction (detectors, roll-ups, baselines plug in here). */
export interface IngestObserver { onBatch(events: AttributedEvent[]): void }

export interface IngestProgress { file: string; bytes_done: number; bytes_total: number; lines: number; events: number; rejects: number }
export interface IngestSummary { source_id: number; file: string; format: TelemetryFormat; status: 'ingested' | 'resumed' | 'already_ingested'; lines: number; events: number; rejects: number; skipped: number; intel_hits: number; seconds: number }

export class Ingestor {
  constructor(private readonly deps: IngestDeps) {}
  addObserver(_o: IngestObserver): () => void { throw new Error('pending ingest implementation'); }
  ingestFile(_path: string, _opts: { actor: Actor; format?: TelemetryFormat; onProgress?: (p: IngestProgress) => void }): Promise<IngestSummary> { throw new Error('pending ingest implementation'); }
  ingestEvents(_events: Iterable<TelemetryEvent>, _opts: { actor: Actor; sourceKey: string; label: string }): IngestSummary { throw new Error('pending ingest implementation'); }
  listSources(_q: { limit: number; offset: number }): { sources: IngestSource[]; total: number } { throw new Error('pending ingest implementation'); }
  listRejects(_q: { source_id?: number; limit: number; offset: number }): { rejects: Reject[]; total: number } { throw new Error('pending ingest implementation'); }
}
