// MCP API keys (stored as sha256 hashes, never the key), the approval queue for keys that need a
// person to approve destructive actions, and indexes for reading the audit log by actor and time.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 70,
  name: 'keys-approvals',
  up: (db) => {
    db.exec(`
      CREATE TABLE api_keys (
        key_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        -- The first characters of the key (tm_ + 8), shown so a person can tell keys apart.
        prefix TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL,
        require_approval INTEGER NOT NULL DEFAULT 0,
        approval_ttl_s INTEGER NOT NULL DEFAULT 3600,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        revoked_at INTEGER,
        revoked_by TEXT
      );

      -- A destructive call held until an analyst approves or rejects it, or it expires.
      CREATE TABLE approvals (
        approval_id TEXT PRIMARY KEY,
        operation TEXT NOT NULL,
        params TEXT NOT NULL,
        requester TEXT NOT NULL,
        key_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','approved','rejected','failed')),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        decided_at INTEGER,
        decided_by TEXT,
        reason TEXT,
        result TEXT,
        error TEXT
      );
      CREATE INDEX approvals_status ON approvals(status, expires_at);

      CREATE INDEX audit_log_actor ON audit_log(actor_id, seq);
      CREATE INDEX audit_log_ts ON audit_log(ts);
    `);
  },
};
