// The AI asset registry (agents and MCP servers) and the compact store of what agents report. Agent events
// key the asset by its integer rowid and keep enums as short text; contents only when capture is on.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 340,
  name: 'ai-assets',
  up: (db) => {
    db.exec(`
      CREATE TABLE ai_assets (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('agent', 'mcp_server')),
        name TEXT NOT NULL,
        owner TEXT,
        description TEXT,
        environment TEXT,
        framework TEXT,
        models TEXT NOT NULL DEFAULT '[]',
        mcp_servers TEXT NOT NULL DEFAULT '[]',
        tools TEXT NOT NULL DEFAULT '[]',
        data_access TEXT NOT NULL DEFAULT '[]',
        capture_contents INTEGER NOT NULL DEFAULT 0,
        transport TEXT,
        command TEXT,
        url TEXT,
        version TEXT,
        publisher TEXT,
        registered_by TEXT NOT NULL,
        registered_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        retired_at INTEGER,
        retired_reason TEXT,
        dropped_reported INTEGER NOT NULL DEFAULT 0,
        UNIQUE (kind, name)
      );
      CREATE INDEX ai_assets_seen ON ai_assets (last_seen_at DESC);
      CREATE TABLE agent_events (
        id INTEGER PRIMARY KEY,
        asset_seq INTEGER NOT NULL REFERENCES ai_assets (seq),
        ts INTEGER NOT NULL,
        type TEXT NOT NULL,
        run_id TEXT,
        model TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        server TEXT,
        tool TEXT,
        args_digest TEXT,
        outcome TEXT,
        duration_ms REAL,
        error TEXT,
        content TEXT
      );
      CREATE INDEX agent_events_asset_ts ON agent_events (asset_seq, ts DESC);
      CREATE INDEX agent_events_ts ON agent_events (ts);
    `);
  },
};
