// Continuous posture: hourly roll-ups, baselines, anomalies, incidents, posture scores with history,
// and the durable event log every live view and MCP subscription reads from.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 40,
  name: 'posture',
  up: (db) => {
    db.exec(`
      -- Per entity and hour of DATA time: what baselines are learned from.
      CREATE TABLE entity_hourly (
        entity_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        entity_type TEXT NOT NULL,
        connections INTEGER NOT NULL DEFAULT 0,
        bytes_out INTEGER NOT NULL DEFAULT 0,
        bytes_in INTEGER NOT NULL DEFAULT 0,
        distinct_destinations INTEGER NOT NULL DEFAULT 0,
        dns_queries INTEGER NOT NULL DEFAULT 0,
        auth_failures INTEGER NOT NULL DEFAULT 0,
        auth_successes INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity_id, hour)
      ) WITHOUT ROWID;

      -- Destinations an entity talks to (IP or DNS name), with counts: the "known destinations".
      CREATE TABLE entity_destinations (
        entity_id TEXT NOT NULL,
        destination TEXT NOT NULL,
        port INTEGER NOT NULL DEFAULT 0,
        count INTEGER NOT NULL,
        bytes_out INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (entity_id, destination, port)
      ) WITHOUT ROWID;

      CREATE TABLE baselines (
        entity_id TEXT PRIMARY KEY,
        entity_type TEXT NOT NULL,
        first_data_at INTEGER NOT NULL,
        last_data_at INTEGER NOT NULL,
        established INTEGER NOT NULL DEFAULT 0,
        established_at INTEGER,
        hours_observed INTEGER NOT NULL DEFAULT 0,
        avg_connections_per_hour REAL NOT NULL DEFAULT 0,
        stddev_connections_per_hour REAL NOT NULL DEFAULT 0,
        avg_bytes_out_per_hour REAL NOT NULL DEFAULT 0,
        max_bytes_out_per_hour REAL NOT NULL DEFAULT 0,
        active_hours TEXT NOT NULL DEFAULT '[]',
        ports TEXT NOT NULL DEFAULT '[]',
        avg_heartbeat_interval_s REAL,
        deviation_score REAL NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE anomalies (
        id TEXT PRIMARY KEY,
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        type TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('low','medium','high','critical')),
        confidence REAL NOT NULL,
        detected_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        occurrences INTEGER NOT NULL DEFAULT 1,
        description TEXT NOT NULL,
        recommended_action TEXT NOT NULL,
        observed_destinations TEXT NOT NULL DEFAULT '[]',
        evidence TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','acknowledged','resolved','false_positive')),
        status_reason TEXT,
        status_changed_at INTEGER,
        incident_id TEXT,
        -- What makes a repeat the same anomaly (entity, type and, for some detectors, the destination).
        dedupe_key TEXT NOT NULL
      );
      CREATE INDEX anomalies_entity ON anomalies(entity_id, status);
      CREATE INDEX anomalies_status ON anomalies(status, severity);
      CREATE UNIQUE INDEX anomalies_open_key ON anomalies(dedupe_key) WHERE status IN ('open','acknowledged');

      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','contained','closed')),
        opened_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER,
        resolution TEXT,
        entities TEXT NOT NULL DEFAULT '[]',
        indicators TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX incidents_status ON incidents(status);
      CREATE TABLE incident_timeline (
        id INTEGER PRIMARY KEY,
        incident_id TEXT NOT NULL REFERENCES incidents(id),
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT,
        summary TEXT NOT NULL
      );
      CREATE INDEX incident_timeline_incident ON incident_timeline(incident_id, ts);

      CREATE TABLE posture (
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        score INTEGER NOT NULL,
        identity INTEGER NOT NULL,
        behavior INTEGER NOT NULL,
        policy INTEGER NOT NULL,
        threat INTEGER NOT NULL,
        factors TEXT NOT NULL,
        assessed_at INTEGER NOT NULL,
        PRIMARY KEY (entity_type, entity_id)
      ) WITHOUT ROWID;
      CREATE TABLE posture_history (
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        score INTEGER NOT NULL,
        PRIMARY KEY (entity_type, entity_id, ts)
      ) WITHOUT ROWID;

      -- Telemetry that broke an active policy decision (fed by the policy engine).
      CREATE TABLE policy_violations (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        policy_id TEXT NOT NULL,
        rule TEXT,
        destination TEXT,
        event_id INTEGER
      );
      CREATE INDEX policy_violations_ts ON policy_violations(ts);
      CREATE INDEX policy_violations_entity ON policy_violations(entity_id, ts);

      -- The durable event log: monotonic cursor, readable from any cursor.
      CREATE TABLE event_log (
        cursor INTEGER PRIMARY KEY AUTOINCREMENT,
        ts INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        severity TEXT,
        entity_type TEXT,
        entity_id TEXT,
        data TEXT NOT NULL
      );
      CREATE INDEX event_log_type ON event_log(event_type, cursor);
    `);
  },
};
