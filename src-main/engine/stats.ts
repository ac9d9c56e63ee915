// The numbers behind `threatmatic stats` and the console overview: each table counted by the store of
// the domain that owns it (inventory, telemetry, ingest sources, intel, audit); the file sizes here.
import { statSync } from 'node:fs';
import type { Stats } from '@shared/contract/index';
import { isoOrNull } from '@shared/domain/time';
import { schemaVersion } from './db/migrate';
import type { Engine } from './engine';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function collectStats(engine: Engine): Stats {
  const { db, inventory } = engine;
  const telemetry = engine.telemetry.counts();
  const byKind = telemetry.byKind;
  const sources = engine.ingest.sourceCounts();
  // The database's pages (what SQLite holds, an in-memory one too) plus the WAL not yet checkpointed into
  // them; free pages (left by deletes, such as retention's prunes) are reused before the file grows.
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pagesBytes = (db.pragma('page_count', { simple: true }) as number) * pageSize;
  const walBytes = engine.dbPath === ':memory:' ? 0 : fileSize(`${engine.dbPath}-wal`);
  return {
    data_dir: engine.dataDir ?? engine.dbPath,
    schema_version: schemaVersion(db),
    db_size_bytes: pagesBytes + walBytes,
    db_wal_bytes: walBytes,
    db_free_bytes: (db.pragma('freelist_count', { simple: true }) as number) * pageSize,
    devices: inventory.count('device'),
    users: inventory.count('user'),
    workloads: inventory.count('workload'),
    events: Object.values(byKind).reduce((a, b) => a + b, 0),
    events_by_kind: byKind,
    unattributed_events: telemetry.unattributed,
    ...engine.intel.counts(),
    intel_hits: telemetry.intelHits,
    ingest_sources: sources.sources,
    rejects: sources.rejects,
    audit_entries: engine.audit.store.count(),
    first_event_at: isoOrNull(telemetry.first),
    last_event_at: isoOrNull(telemetry.last),
  };
}
