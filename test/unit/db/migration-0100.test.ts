// Migration 0100 moves the management-path lists older versions kept in settings into their own table
// (fleet default and per-device lists; anything not a JSON list of strings is dropped) and removes the keys.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src-main/engine/db/migrate';
import { MIGRATIONS } from '../../../src-main/engine/db/migrations/index';

describe('migration 0100-management-paths', () => {
  it('moves the settings lists into management_paths and leaves other settings alone', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version < 100));
    const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    put.run('policy.management.default', '["10.0.0.53"]');
    put.run('policy.management.device.dev_cam_1', '["10.0.2.5","vms.example.com"]');
    put.run('policy.management.device.dev_bad', 'not json');
    put.run('policy.generation', '7');
    expect(migrate(db, MIGRATIONS)).toEqual(MIGRATIONS.filter((m) => m.version >= 100).map((m) => m.version));
    expect(db.prepare('SELECT scope, scope_id, destinations, updated_by FROM management_paths ORDER BY scope, scope_id').all()).toEqual([
      { scope: 'device', scope_id: 'dev_cam_1', destinations: '["10.0.2.5","vms.example.com"]', updated_by: '{"type":"system","id":"migration-0100","name":null}' },
      { scope: 'fleet', scope_id: '', destinations: '["10.0.0.53"]', updated_by: '{"type":"system","id":"migration-0100","name":null}' },
    ]);
    expect(db.prepare('SELECT key, value FROM settings').all()).toEqual([{ key: 'policy.generation', value: '7' }]);
    expect(db.prepare("SELECT name FROM pragma_table_info('device_isolations') WHERE name LIKE 'management%' ORDER BY name").pluck().all()).toEqual(['management', 'management_dropped', 'management_source']);
  });
});
