// The devices telemetry discovered (not in the inventory), found without reading the inventory: every process
// that opens the engine loads them into the attribution map, and without an index that read every device row
// (86 ms of a CLI ingest's start with 10,000 devices, before its first event was attributed). Few rows, so the
// partial index is tiny and costs nothing on inventory imports.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 910,
  name: 'discovered-index',
  up: (db) => {
    db.exec('CREATE INDEX devices_discovered ON devices(device_id) WHERE discovered_at IS NOT NULL');
  },
};
