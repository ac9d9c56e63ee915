// Events by entity, indexed behind the ingest instead of inside each batch. An index on events(entity_id, ts)
// put each batch's rows on as many index leaves as the batch had entities (about one per event on a busy
// fleet): most of the pages a commit wrote and the WAL checkpoints copied. entity_events holds the same
// (entity, time, event) triples, filled after the fact in sorted runs of thousands of events (ingest's
// EntityEventIndex), so each leaf is written once per run; queries add the few events past its mark by scanning
// the tail of events. Unattributed events are kept under entity '' (what "how many are unattributed" reads).
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 900,
  name: 'entity-event-index',
  up: (db) => {
    db.exec(`
      CREATE TABLE entity_events (
        entity_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        id INTEGER NOT NULL,
        PRIMARY KEY (entity_id, ts, id)
      ) WITHOUT ROWID;
      -- through: every event with an id up to it is in entity_events; event ids never go below it again.
      CREATE TABLE entity_events_mark (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        through INTEGER NOT NULL
      );
      INSERT INTO entity_events SELECT COALESCE(entity_id, ''), ts, id FROM events ORDER BY 1, 2, 3;
      INSERT INTO entity_events_mark (id, through) VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM events));
      DROP INDEX events_entity_ts;
    `);
  },
};
