// AI posture's own state: analysts' overrides of how a tool is classified into the lethal-trifecta legs,
// the AI posture weights, and the history of the composite score for trends.
import type { Migration } from '../migrate';

export const migration: Migration = {
  version: 430,
  name: 'ai-posture',
  up: (db) => {
    db.exec(`
      CREATE TABLE ai_tool_legs (
        tool TEXT PRIMARY KEY,
        legs TEXT NOT NULL,
        reason TEXT NOT NULL,
        set_by TEXT NOT NULL,
        set_at INTEGER NOT NULL
      );
      CREATE TABLE ai_posture_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE ai_posture_history (
        at INTEGER PRIMARY KEY,
        score INTEGER NOT NULL,
        agent INTEGER,
        mcp INTEGER,
        shadow INTEGER
      );
    `);
  },
};
