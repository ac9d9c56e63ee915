// The enforcement webhook's replay guard: each signature it accepted, per endpoint, kept until the
// signature's timestamp leaves the 5-minute window (after that the timestamp check refuses it anyway).
// In the database, so a restarted console or a second process refuses the replay too.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 840,
  name: 'webhook-replays',
  up: (db) => {
    db.exec(`
      CREATE TABLE enforcement_webhook_replays (
        endpoint_id TEXT NOT NULL,
        signature TEXT NOT NULL,
        accepted_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (endpoint_id, signature)
      ) WITHOUT ROWID;
      CREATE INDEX enforcement_webhook_replays_expiry ON enforcement_webhook_replays (expires_at);
    `);
  },
};
