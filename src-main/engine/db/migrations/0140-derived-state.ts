// Derived state written with its events: a generation counter of the derived tables (a process whose
// in-memory baselines are older reloads them before it writes), what each entity learned that has no row
// of its own (destinations contacted once, DNS names of its destinations), and the firmware facts each
// device was last judged on, so a resumed or second process neither repeats nor skips a judgement.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 140,
  name: 'derived-state',
  up: (db) => {
    db.exec(`
      -- The hour a destination was last counted in and its bytes in that hour: what the open hour's
      -- distinct-destination count and the exfiltration check carry on from (-1: written before this).
      ALTER TABLE entity_destinations ADD COLUMN hour INTEGER NOT NULL DEFAULT -1;
      ALTER TABLE entity_destinations ADD COLUMN hour_bytes INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE derived_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- A new random value at every write of derived state.
        generation INTEGER NOT NULL,
        -- How many writes of derived state there were: orders the entity_learned rows.
        writes INTEGER NOT NULL DEFAULT 0,
        -- Data time of the last time-driven check (unexpected_offline), so a resumed ingest checks when a clean one would.
        last_offline_check INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO derived_state (id, generation, last_offline_check) VALUES (1, 0, 0);

      -- Appended per batch, one row per entity that learned something: destinations contacted once so far
      -- (JSON [ip, first_seen, bytes_out, hour, hour_bytes]; from the second contact on they have their own
      -- entity_destinations row) and the DNS names its new destinations were known by (a CDN answering from a
      -- new address is not new). One small row per entity and batch instead of one row per address.
      CREATE TABLE entity_learned (
        entity_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        once TEXT NOT NULL,
        names TEXT NOT NULL,
        PRIMARY KEY (entity_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE device_firmware_judged (
        device_id TEXT PRIMARY KEY,
        -- The inventory's firmware facts when the pipeline last looked at them (JSON), to notice a change.
        inventory TEXT NOT NULL,
        -- The facts (inventory or a firmware report) the firmware detectors last judged (JSON).
        judged TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
