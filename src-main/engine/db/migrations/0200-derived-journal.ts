// Derived state at the cost of one row per batch: the baseline journal holds, per batch, the running
// state of every entity the batch changed (one line each); an entity's whole baselines row is written
// only at a checkpoint (a few per batch, and all at the end of an ingest), and journal rows are dropped
// once every entity in them has a later checkpoint. journal_seq says which journal lines a row already holds.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 200,
  name: 'derived-journal',
  up: (db) => {
    db.exec(`
      -- seq: derived_state.writes of the batch that wrote it; body: one line per entity (baseline-journal.ts).
      CREATE TABLE derived_journal (
        seq INTEGER PRIMARY KEY,
        body TEXT NOT NULL
      );
      -- The derived_state.writes of this row's last whole write: journal lines up to it are already in it.
      ALTER TABLE baselines ADD COLUMN journal_seq INTEGER NOT NULL DEFAULT 0;
    `);
  },
};
