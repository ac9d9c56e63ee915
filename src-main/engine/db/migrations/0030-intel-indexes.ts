// Threat intel: find a feed's statements without scanning every indicator_sources row (feed counts,
// replace-mode imports of a feed).
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 30,
  name: 'intel-indexes',
  up: (db) => {
    db.exec('CREATE INDEX indicator_sources_feed ON indicator_sources(feed, indicator_id);');
  },
};
