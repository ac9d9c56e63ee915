// A severe open anomaly caps an entity's score; the cap that bound is stored beside the score it explains.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 80,
  name: 'posture-cap',
  up: (db) => {
    db.exec('ALTER TABLE posture ADD COLUMN cap TEXT');
  },
};
