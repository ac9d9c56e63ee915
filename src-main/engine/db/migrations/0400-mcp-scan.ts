// MCP integrity scanning: the approved pin of each server (its canonical listing and fingerprint) and
// every scan's result, so diffs, schema stability and the console read what the last scan saw.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 400,
  name: 'mcp-scan',
  up: (db) => {
    db.exec(`
      CREATE TABLE mcp_pins (
        server_key TEXT PRIMARY KEY,
        identity TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        listing TEXT NOT NULL,
        approved_at INTEGER NOT NULL,
        approved_by TEXT NOT NULL
      );
      CREATE TABLE mcp_scans (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        server_key TEXT NOT NULL,
        name TEXT NOT NULL,
        scanned_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        fingerprint TEXT,
        listing TEXT,
        result TEXT NOT NULL
      );
      CREATE INDEX mcp_scans_server ON mcp_scans (server_key, seq);
    `);
  },
};
