// Enforcement secrets are stored sealed (AES-256-GCM, enforcement/secret-box.ts), so the last four
// characters the endpoint list shows get their own column, filled here from the secrets stored before.
// The engine seals those older plain-text secrets when it opens the database (it holds the key; SQL does not).
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 110,
  name: 'endpoint-secret-hint',
  up: (db) => {
    db.exec(`
      ALTER TABLE enforcement_endpoints ADD COLUMN secret_hint TEXT NOT NULL DEFAULT '';
      UPDATE enforcement_endpoints SET secret_hint = '…' || substr(secret, -4);
    `);
  },
};
