// Policy engine: policies with their version history, device isolations (the policy set a release
// restores), enforcement endpoints and the delivery log (an outbox: rows are written with the change,
// sent after commit).
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 60,
  name: 'policy',
  up: (db) => {
    db.exec(`
      -- The current version of each policy. posture's PolicySource reads id, rules and enabled.
      CREATE TABLE policies (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('custom','isolation','block','allow','suspension')),
        -- What a system-made policy is for (e.g. 'block|fleet||185.234.0.0/16'): repeats find it. NULL for custom.
        natural_key TEXT UNIQUE,
        enabled INTEGER NOT NULL CHECK (enabled IN (0,1)),
        rules TEXT NOT NULL,
        version INTEGER NOT NULL,
        expires_at INTEGER,
        -- When the policy last became enabled: telemetry before it is not a violation.
        enabled_since INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        created_by_type TEXT NOT NULL,
        created_by_id TEXT NOT NULL,
        created_by_name TEXT
      );
      CREATE INDEX policies_expiry ON policies(expires_at) WHERE enabled = 1 AND expires_at IS NOT NULL;

      -- Every version of every policy, the current one included; never updated, never deleted.
      CREATE TABLE policy_versions (
        policy_id TEXT NOT NULL REFERENCES policies(id),
        version INTEGER NOT NULL,
        change TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        enabled INTEGER NOT NULL,
        rules TEXT NOT NULL,
        expires_at INTEGER,
        reason TEXT,
        actor_type TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (policy_id, version)
      ) WITHOUT ROWID;

      -- One row per quarantine: its management path and the policy set release_device restores.
      CREATE TABLE device_isolations (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        policy_id TEXT NOT NULL REFERENCES policies(id),
        isolated_at INTEGER NOT NULL,
        released_at INTEGER,
        management TEXT NOT NULL,
        previous_policies TEXT NOT NULL,
        reason TEXT,
        release_reason TEXT
      );
      CREATE UNIQUE INDEX device_isolations_open ON device_isolations(device_id) WHERE released_at IS NULL;

      CREATE TABLE enforcement_endpoints (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        -- Kept as given: an HMAC needs the secret itself, so it cannot be stored hashed.
        secret TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE enforcement_deliveries (
        id INTEGER PRIMARY KEY,
        endpoint_id TEXT NOT NULL,
        url TEXT NOT NULL,
        change_id TEXT NOT NULL,
        action TEXT NOT NULL,
        policy_id TEXT,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','sending','delivered','failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_status_code INTEGER,
        last_error TEXT,
        next_attempt_at INTEGER,
        -- A sender holds a row until then; past it (the sender died) the row is due again.
        claimed_until INTEGER,
        created_at INTEGER NOT NULL,
        delivered_at INTEGER
      );
      CREATE INDEX enforcement_deliveries_due ON enforcement_deliveries(status, next_attempt_at);
      CREATE INDEX enforcement_deliveries_policy ON enforcement_deliveries(policy_id);

      CREATE INDEX policy_violations_policy ON policy_violations(policy_id, ts);
    `);
  },
};
