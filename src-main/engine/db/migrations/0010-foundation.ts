// Foundation schema: inventory, telemetry, ingest bookkeeping, threat intel, audit chain, settings.
// Timestamps are epoch milliseconds (INTEGER); lists are JSON text.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 10,
  name: 'foundation',
  up: (db) => {
    db.exec(`
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        device_type TEXT NOT NULL,
        name TEXT,
        manufacturer TEXT,
        model TEXT,
        firmware_version TEXT,
        firmware_status TEXT NOT NULL DEFAULT 'current' CHECK (firmware_status IN ('current','outdated','eol')),
        enrolled_at INTEGER,
        trust_level TEXT NOT NULL DEFAULT 'unverified' CHECK (trust_level IN ('verified','unverified','untrusted')),
        cert_expires_at INTEGER,
        site TEXT,
        owner TEXT,
        last_seen INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE users (
        user_id TEXT PRIMARY KEY,
        display_name TEXT,
        mfa_enrolled INTEGER NOT NULL DEFAULT 0,
        groups TEXT NOT NULL DEFAULT '[]',
        enabled INTEGER NOT NULL DEFAULT 1,
        home_country TEXT,
        last_seen INTEGER,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE workloads (
        workload_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('server','container','vm','cloud_function')),
        name TEXT,
        image TEXT,
        runtime TEXT,
        owner TEXT,
        last_seen INTEGER,
        updated_at INTEGER NOT NULL
      );
      -- Which entity owns an address: the attribution index for telemetry.
      CREATE TABLE entity_ips (
        ip TEXT NOT NULL,
        entity_type TEXT NOT NULL CHECK (entity_type IN ('device','workload')),
        entity_id TEXT NOT NULL,
        PRIMARY KEY (ip, entity_type, entity_id)
      ) WITHOUT ROWID;
      CREATE INDEX entity_ips_entity ON entity_ips(entity_type, entity_id);
      -- The devices a user is active on, learned from auth events.
      CREATE TABLE user_devices (
        user_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        logins INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, device_id)
      ) WITHOUT ROWID;

      -- One row per ingested file, identified by content hash: the resume point of an interrupted
      -- ingest and the reason a re-ingest adds nothing.
      CREATE TABLE ingest_sources (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        lines_done INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        rejects INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        intel_hits INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('partial','complete')),
        started_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE TABLE rejects (
        id INTEGER PRIMARY KEY,
        source_id INTEGER REFERENCES ingest_sources(id),
        file TEXT NOT NULL,
        line INTEGER NOT NULL,
        reason TEXT NOT NULL,
        excerpt TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX rejects_source ON rejects(source_id, line);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        kind TEXT NOT NULL,
        entity_type TEXT,
        entity_id TEXT,
        src_ip TEXT,
        src_port INTEGER,
        dst_ip TEXT,
        dst_port INTEGER,
        proto TEXT,
        bytes_out INTEGER,
        bytes_in INTEGER,
        domain TEXT,
        answers TEXT,
        user_id TEXT,
        outcome TEXT,
        hash TEXT,
        detail TEXT,
        source_id INTEGER
      );
      CREATE INDEX events_entity_ts ON events(entity_id, ts);

      CREATE TABLE intel_feeds (
        name TEXT PRIMARY KEY,
        format TEXT NOT NULL,
        indicators INTEGER NOT NULL DEFAULT 0,
        imported_at INTEGER NOT NULL
      );
      CREATE TABLE indicators (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        reputation TEXT NOT NULL CHECK (reputation IN ('malicious','suspicious','unknown','benign')),
        categories TEXT NOT NULL DEFAULT '[]',
        threat_actors TEXT NOT NULL DEFAULT '[]',
        first_seen INTEGER,
        last_seen INTEGER,
        feed_sources INTEGER NOT NULL DEFAULT 0,
        UNIQUE (kind, value)
      );
      -- What each feed said of an indicator; the indicator row is their merge.
      CREATE TABLE indicator_sources (
        indicator_id INTEGER NOT NULL REFERENCES indicators(id),
        feed TEXT NOT NULL,
        reputation TEXT NOT NULL,
        categories TEXT NOT NULL DEFAULT '[]',
        threat_actors TEXT NOT NULL DEFAULT '[]',
        first_seen INTEGER,
        last_seen INTEGER,
        PRIMARY KEY (indicator_id, feed)
      ) WITHOUT ROWID;
      -- Telemetry that touched a known indicator, recorded as it arrived.
      CREATE TABLE intel_hits (
        id INTEGER PRIMARY KEY,
        event_id INTEGER,
        ts INTEGER NOT NULL,
        indicator_id INTEGER NOT NULL,
        reputation TEXT NOT NULL,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        entity_type TEXT,
        entity_id TEXT
      );
      CREATE INDEX intel_hits_entity ON intel_hits(entity_id, ts);
      CREATE INDEX intel_hits_indicator ON intel_hits(indicator_id);

      -- Ground truth of simulated attacks, kept for detector evaluation.
      CREATE TABLE sim_labels (
        id INTEGER PRIMARY KEY,
        attack TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        start_ts INTEGER NOT NULL,
        end_ts INTEGER NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      );

      -- Hash-chained audit log: every write and every tool call, with its actor.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        actor_type TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT,
        action TEXT NOT NULL,
        params TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
    `);
  },
};
