// What new_admin_logon_source learned, kept with the events that taught it: when each account's remote
// logons were first seen (its learning period runs from then), whether it was seen holding special
// privileges, and the source addresses it has logged on from. So a second process (each CLI ingest is
// one) carries on judging instead of starting the learning period again.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 860,
  name: 'admin-logon-sources',
  up: (db) => {
    db.exec(`
      CREATE TABLE admin_logon_accounts (
        account TEXT PRIMARY KEY,
        first_seen INTEGER NOT NULL,
        privileged INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE admin_logon_sources (
        account TEXT NOT NULL,
        source TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        PRIMARY KEY (account, source)
      ) WITHOUT ROWID;
    `);
  },
};
