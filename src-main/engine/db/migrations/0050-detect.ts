// Behaviour & detection: running statistics behind each baseline (so a restart resumes learning
// without rereading the roll-ups) and the DNS answers that name the destinations baselines show.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 50,
  name: 'detect',
  up: (db) => {
    db.exec(`
      ALTER TABLE baselines ADD COLUMN stats TEXT NOT NULL DEFAULT '{}';

      -- Address → the DNS name last seen resolving to it (from DNS answers), to show names, not IPs.
      CREATE TABLE dns_names (
        ip TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        last_seen INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
