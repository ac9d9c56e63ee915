// An incident's members are read on every grouping step (refresh after each joined anomaly): without
// this index each read scanned the whole anomalies table, which made grouping quadratic during ingest.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 90,
  name: 'incident-members',
  up: (db) => {
    db.exec('CREATE INDEX anomalies_incident ON anomalies(incident_id) WHERE incident_id IS NOT NULL');
  },
};
