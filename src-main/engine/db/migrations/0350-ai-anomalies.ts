// Findings about the AI estate (agents, MCP servers, AI services in use), deduplicated like fleet
// anomalies: one open row per dedupe key, updated by repeat sightings.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 350,
  name: 'ai-anomalies',
  up: (db) => {
    db.exec(`
      CREATE TABLE ai_anomalies (
        id TEXT PRIMARY KEY,
        subject_kind TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        subject_name TEXT,
        type TEXT NOT NULL,
        severity TEXT NOT NULL,
        confidence REAL NOT NULL,
        detected_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        occurrences INTEGER NOT NULL DEFAULT 1,
        description TEXT NOT NULL,
        recommended_action TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'open',
        status_reason TEXT,
        status_changed_at INTEGER,
        dedupe_key TEXT NOT NULL
      );
      CREATE UNIQUE INDEX ai_anomalies_open_key ON ai_anomalies (dedupe_key) WHERE status IN ('open', 'acknowledged');
      CREATE INDEX ai_anomalies_subject ON ai_anomalies (subject_id, status);
    `);
  },
};
