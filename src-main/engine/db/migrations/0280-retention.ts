// Retention (retention/): what an operator set per kind of data, how far each kind was pruned, and the
// time indexes that let a prune find old rows with an index probe instead of a table scan, so each of
// its small batches holds the write lock for milliseconds. events(ts) and intel_hits(ts) are appended
// to at the right edge (telemetry arrives roughly in time order), so they cost ingest little.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 280,
  name: 'retention',
  up: (db) => {
    db.exec(`
      -- Days each kind is kept, as set by an operator (no row: the default; days NULL: kept forever).
      CREATE TABLE retention_settings (
        kind TEXT PRIMARY KEY,
        days INTEGER CHECK (days IS NULL OR days >= 1),
        set_at INTEGER NOT NULL,
        set_by TEXT NOT NULL
      );
      -- Rows of a kind older than pruned_before (ms) may be gone: recorded before the first batch deletes,
      -- and never moved back, so db rebuild-derived knows which hours it cannot recompute.
      CREATE TABLE retention_horizons (
        kind TEXT PRIMARY KEY,
        pruned_before INTEGER NOT NULL
      );
      CREATE INDEX events_ts ON events(ts);
      CREATE INDEX intel_hits_ts ON intel_hits(ts);
      CREATE INDEX entity_hourly_hour ON entity_hourly(hour);
      CREATE INDEX event_log_ts ON event_log(ts);
      CREATE INDEX rejects_at ON rejects(at);
    `);
  },
};
