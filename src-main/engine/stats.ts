// The numbers behind `threatmatic stats` and the console overview. Inventory counts come from the
// inventory store, intel and audit counts from theirs; the other tables are counted here, on the SQL
// layer, until their stores offer counts.
import { statSync } from 'node:fs';
import type { Stats } from '@shared/contract/index';
import { isoOrNull } from '@shared/domain/time';
import { schemaVersion } from './db/migrate';
import { sql } from './db/sql';
import type { Engine } from './engine';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function collectStats(engine: Engine): Stats {
  const { db, sql: runner, inventory } = engine;
  // Table names are constants of this file, never input.
  const count = (table: 'intel_hits' | 'ingest_sources' | 'rejects') => runner.value<number>(sql`SELECT COUNT(*) FROM ${sql.raw(table)}`, `stats.${table}`) ?? 0;
  const byKind = Object.fromEntries(runner.all<{ kind: string; n: number }>(sql`SELECT kind, COUNT(*) AS n FROM events GROUP BY kind`, 'stats.events_by_kind').map((r) => [r.kind, r.n]));
  const span = runner.get<{ first: number | null; last: number | null }>(sql`SELECT MIN(ts) AS first, MAX(ts) AS last FROM events`, 'stats.event_span')!;
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
    unattributed_events: runner.value<number>(sql`SELECT COUNT(*) FROM events WHERE entity_id IS NULL`, 'stats.unattributed') ?? 0,
    ...engine.intel.counts(),
    intel_hits: count('intel_hits'),
    ingest_sources: count('ingest_sources'),
    rejects: count('rejects'),
    audit_entries: engine.audit.store.count(),
    first_event_at: isoOrNull(span.first),
    last_event_at: isoOrNull(span.last),
  };
}
