// Devices seen in telemetry but absent from the inventory are registered as discovered (unmanaged):
// discovered_at is when telemetry first showed them; an inventory import that claims the address clears it.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 160,
  name: 'discovered-devices',
  up: (db) => {
    db.exec('ALTER TABLE devices ADD COLUMN discovered_at INTEGER');
  },
};
