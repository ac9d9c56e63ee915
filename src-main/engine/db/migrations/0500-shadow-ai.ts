// Shadow-AI discovery: sightings of AI services per device and user (first/last seen, counts, bytes up),
// their hourly timeline, PII categories reported by the browser extension, the review queue of unknown
// AI-looking names, services analysts classified from it, approvals, and the catalogue version that
// the sightings were derived with (a change re-derives them from stored telemetry).
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 500,
  name: 'shadow-ai',
  up: (db) => {
    db.exec(`
      CREATE TABLE shadow_ai_sightings (
        service_id TEXT NOT NULL,
        channel TEXT NOT NULL,
        source TEXT NOT NULL,
        entity_type TEXT NOT NULL DEFAULT '',
        entity_id TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL DEFAULT '',
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        count INTEGER NOT NULL,
        bytes_up INTEGER NOT NULL DEFAULT 0,
        example_host TEXT,
        PRIMARY KEY (service_id, channel, source, entity_id, user_id)
      ) WITHOUT ROWID;
      CREATE TABLE shadow_ai_timeline (
        service_id TEXT NOT NULL,
        source TEXT NOT NULL,
        hour INTEGER NOT NULL,
        count INTEGER NOT NULL,
        bytes_up INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (service_id, source, hour)
      ) WITHOUT ROWID;
      CREATE TABLE shadow_ai_pii (
        service_id TEXT NOT NULL,
        category TEXT NOT NULL,
        entity_id TEXT NOT NULL DEFAULT '',
        user_id TEXT NOT NULL DEFAULT '',
        hour INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (service_id, category, entity_id, user_id, hour)
      ) WITHOUT ROWID;
      CREATE TABLE shadow_ai_review (
        domain TEXT PRIMARY KEY,
        example_host TEXT NOT NULL,
        reason TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        count INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'classified', 'dismissed')),
        decided_by TEXT,
        decided_at INTEGER,
        note TEXT
      );
      CREATE TABLE shadow_ai_custom_services (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        vendor TEXT NOT NULL,
        kind TEXT NOT NULL,
        audience TEXT NOT NULL,
        domains TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL
      );
      CREATE TABLE shadow_ai_approvals (
        service_id TEXT PRIMARY KEY,
        owner TEXT,
        data_classes TEXT NOT NULL DEFAULT '[]',
        note TEXT,
        approved_by TEXT NOT NULL,
        approved_at INTEGER NOT NULL
      );
      CREATE TABLE shadow_ai_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  },
};
