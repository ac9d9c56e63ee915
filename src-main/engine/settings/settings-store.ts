// The settings table's one owner: small named values the domains keep (delivery options, posture weights,
// detector overrides, the live demo's position, generation counters). Each domain owns its keys and their
// meaning; the SQL of the table lives here alone.
import { sql, type SqlRunner } from '../db/sql';

/** The stored text of a setting, or undefined when it was never set. */
export function readSetting(runner: SqlRunner, key: string): string | undefined {
  return runner.value<string>(sql`SELECT value FROM settings WHERE key = ${key}`, `settings.get ${key}`);
}

/** Sets a setting (inside the caller's transaction when there is one). */
export function writeSetting(runner: SqlRunner, key: string, value: string): void {
  runner.run(sql`INSERT INTO settings (key, value) VALUES (${key}, ${value}) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, `settings.put ${key}`);
}

/** Adds one to a counter setting (a generation: caches compare it to know they are stale); returns the new value. */
export function bumpSetting(runner: SqlRunner, key: string): number {
  return runner.value<number>(sql`INSERT INTO settings (key, value) VALUES (${key}, '1')
    ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING CAST(value AS INTEGER)`, `settings.bump ${key}`) ?? 1;
}
