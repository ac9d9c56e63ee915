// Each audit row carries an HMAC of its hash under a key kept outside the database (audit.key in the
// data folder), so a row appended or re-chained by someone who can write the database but does not
// hold the key is told apart from Threatmatic's own. Rows written before this migration have none.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 120,
  name: 'audit-mac',
  up: (db) => {
    db.exec('ALTER TABLE audit_log ADD COLUMN mac TEXT');
  },
};
