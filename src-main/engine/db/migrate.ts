// Runs numbered migrations in one transaction, tracked in PRAGMA user_version.
// A database written by a newer Threatmatic is refused before anything touches it.
import type { Database } from 'better-sqlite3';
import { UserError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** Throws when the file is from a newer version; call before any write (WAL switch included). */
export function assertNotNewer(db: Database, migrations: readonly Migration[], where: string): void {
  const current = schemaVersion(db);
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new UserError(
      'database_too_new',
      `${where} has schema version ${current}, newer than this Threatmatic understands (${latest}). ` +
        'Upgrade Threatmatic to open it, or choose another data folder with --data-dir; the file was left untouched.',
      'database',
    );
  }
}

/** Applies every pending migration in one transaction; returns the versions applied. */
export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const current = schemaVersion(db);
  const pending = sorted.filter((m) => m.version > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${pending[pending.length - 1].version}`);
  })();
  return pending.map((m) => m.version);
}
