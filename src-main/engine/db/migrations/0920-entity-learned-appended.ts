// entity_learned rows appended in the order they are written, with a narrow index for one entity's rows.
// Keyed by (entity_id, seq) WITHOUT ROWID, each checkpoint's ~100 rows (one per entity, ~400 bytes) landed on
// ~100 scattered leaves, splitting them as they filled: 145-225 of the ~650 pages a 1,000-event batch
// committed and copied back at the next WAL checkpoint, 3,000 devices (BENCHMARKS.md). Appended, a batch's
// rows fill a few pages at the table's end, and only the index entries (~25 bytes each) scatter. Loads read
// the rows in table order, which is seq order: rows are appended as their batches commit, and seq grows with commits.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 920,
  name: 'entity-learned-appended',
  up: (db) => {
    db.exec(`
      CREATE TABLE entity_learned_appended (
        entity_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        once TEXT NOT NULL,
        names TEXT NOT NULL
      );
      INSERT INTO entity_learned_appended (entity_id, seq, once, names) SELECT entity_id, seq, once, names FROM entity_learned ORDER BY seq, entity_id;
      DROP TABLE entity_learned;
      ALTER TABLE entity_learned_appended RENAME TO entity_learned;
      CREATE UNIQUE INDEX entity_learned_entity ON entity_learned(entity_id, seq);
    `);
  },
};
