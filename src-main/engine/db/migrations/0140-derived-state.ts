// Derived state written with its events: a generation counter of the derived tables (a process whose
// in-memory baselines are older reloads them before it writes), and the firmware facts each device was
// last judged on, so a resumed or second process neither repeats nor skips a firmware judgement.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 140,
  name: 'derived-state',
  up: (db) => {
    db.exec(`
      CREATE TABLE derived_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        generation INTEGER NOT NULL,
        -- Data time of the last time-driven check (unexpected_offline), so a resumed ingest checks when a clean one would.
        last_offline_check INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO derived_state (id, generation, last_offline_check) VALUES (1, 0, 0);

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
