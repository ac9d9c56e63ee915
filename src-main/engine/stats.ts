// The numbers behind `threatmatic stats` and the console overview.
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
  const { db } = engine;
  const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  const byKind = Object.fromEntries(
    (db.prepare('SELECT kind, COUNT(*) AS n FROM events GROUP BY kind').all() as { kind: string; n: number }[]).map((r) => [r.kind, r.n]),
  );
  const span = db.prepare('SELECT MIN(ts) AS first, MAX(ts) AS last FROM events').get() as { first: number | null; last: number | null };
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
    devices: engine.inventory.count('device'),
    users: engine.inventory.count('user'),
    workloads: engine.inventory.count('workload'),
    events: Object.values(byKind).reduce((a, b) => a + b, 0),
    events_by_kind: byKind,
    unattributed_events: db.prepare('SELECT COUNT(*) FROM events WHERE entity_id IS NULL').pluck().get() as number,
    ...engine.intel.counts(),
    intel_hits: count('intel_hits'),
    ingest_sources: count('ingest_sources'),
    rejects: count('rejects'),
    audit_entries: count('audit_log'),
    first_event_at: isoOrNull(span.first),
    last_event_at: isoOrNull(span.last),
  };
}
