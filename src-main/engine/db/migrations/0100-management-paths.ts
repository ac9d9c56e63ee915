// Management paths become explicit configuration with their own table (fleet default, per device type,
// per device; who set each and when), moved out of the settings keys that held them. An isolation row
// also keeps where its path came from and which configured entries were dropped at isolate time.
import type { Migration } from '../migrate';

const DEFAULT_KEY = 'policy.management.default';
const DEVICE_PREFIX = 'policy.management.device.';

export const migration: Migration = {
  version: 100,
  name: 'management-paths',
  up: (db) => {
    db.exec(`
      CREATE TABLE management_paths (
        scope TEXT NOT NULL CHECK (scope IN ('fleet','device_type','device')),
        scope_id TEXT NOT NULL DEFAULT '',
        destinations TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (scope, scope_id)
      );
      ALTER TABLE device_isolations ADD COLUMN management_source TEXT;
      ALTER TABLE device_isolations ADD COLUMN management_dropped TEXT NOT NULL DEFAULT '[]';
    `);
    // Lists set before this version keep applying; each is screened again at the next isolation.
    const rows = db.prepare(`SELECT key, value FROM settings WHERE key = ? OR key LIKE ? ESCAPE '\\'`).all(DEFAULT_KEY, `${DEVICE_PREFIX.replace(/[\\%_]/g, '\\$&')}%`) as { key: string; value: string }[];
    const insert = db.prepare('INSERT INTO management_paths (scope, scope_id, destinations, updated_at, updated_by) VALUES (?, ?, ?, 0, ?)');
    for (const r of rows) {
      let list: unknown;
      try {
        list = JSON.parse(r.value);
      } catch {
        list = null;
      }
      const strings = Array.isArray(list) ? list.filter((d): d is string => typeof d === 'string') : [];
      if (strings.length) insert.run(r.key === DEFAULT_KEY ? 'fleet' : 'device', r.key === DEFAULT_KEY ? '' : r.key.slice(DEVICE_PREFIX.length), JSON.stringify(strings), JSON.stringify({ type: 'system', id: 'migration-0100', name: null }));
    }
    db.prepare(`DELETE FROM settings WHERE key = ? OR key LIKE ? ESCAPE '\\'`).run(DEFAULT_KEY, `${DEVICE_PREFIX.replace(/[\\%_]/g, '\\$&')}%`);
  },
};
