// `threatmatic db check`: the full PRAGMA integrity_check (every page, every index against its table)
// and the schema version's state, on a file the engine may refuse to open; optionally records the
// schema version a `sqlite3 .dump` restore lost, when the tables are exactly those of one version.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { UserError } from '../errors';
import { latestVersion, schemaVersion, type Migration } from './migrate';
import { MIGRATIONS } from './migrations/index';
import { isUnversioned, matchingVersion } from './schema-fingerprint';
import { storeFault } from './store-fault';

type SchemaState = 'current' | 'older' | 'too_new' | 'unversioned' | 'empty' | 'unreadable';

export interface DbCheckReport {
  file: string;
  /** True when the file is intact and this Threatmatic can open it. */
  ok: boolean;
  integrity: 'ok' | 'damaged';
  /** integrity_check's findings (at most MAX_PROBLEMS), empty when intact. */
  problems: string[];
  schema_version: number;
  latest_version: number;
  schema_state: SchemaState;
  /** For an unversioned file: the version whose tables it holds exactly, or null. */
  matching_version: number | null;
  /** Set when --restore-version recorded the version. */
  restored_version: number | null;
}

const MAX_PROBLEMS = 100;

export function checkDatabase(file: string, opts: { restoreVersion?: boolean } = {}, migrations: readonly Migration[] = MIGRATIONS): DbCheckReport {
  if (!existsSync(file)) throw new UserError('not_found', `${file}: no database there yet (it is created by the first command that needs it)`, 'database');
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { fileMustExist: true, readonly: !opts.restoreVersion });
    db.pragma('busy_timeout = 5000');
    const version = schemaVersion(db);
    const found = integrityProblems(db, file);
    const intact = found.length === 1 && found[0] === 'ok';
    const latest = latestVersion(migrations);
    const unversioned = intact && isUnversioned(db);
    const matching = unversioned ? matchingVersion(db, migrations) : null;
    const state: SchemaState = unversioned ? 'unversioned' : version === 0 ? 'empty' : version > latest ? 'too_new' : version < latest ? 'older' : 'current';
    let restored: number | null = null;
    if (opts.restoreVersion) {
      if (!unversioned) throw new UserError('conflict', `${file} already records schema version ${version}; --restore-version only applies to a file whose version was lost (user_version 0 with tables)`, 'restore-version');
      if (!intact) throw new UserError('conflict', `${file} is damaged: its version is not recorded until it is restored from a good copy`, 'restore-version');
      if (matching === null) throw new UserError('conflict', `${file}: its tables match no Threatmatic schema version, so none can be recorded; restore it from a file copy or 'sqlite3 .backup'`, 'restore-version');
      db.pragma(`user_version = ${matching}`);
      restored = matching;
    }
    const openable = state === 'current' || state === 'older' || state === 'empty' || restored !== null;
    return {
      file, ok: intact && openable, integrity: intact ? 'ok' : 'damaged', problems: intact ? [] : found,
      schema_version: restored ?? version, latest_version: latest, schema_state: restored !== null ? (restored === latest ? 'current' : 'older') : state,
      matching_version: matching, restored_version: restored,
    };
  } catch (err) {
    const fault = storeFault(err, file);
    // Not even the header reads (not a database at all): the clearest kind of damage, reported as such.
    if (fault?.code === 'database_corrupt') {
      return { file, ok: false, integrity: 'damaged', problems: [(err as Error).message], schema_version: 0, latest_version: latestVersion(migrations), schema_state: 'unreadable', matching_version: null, restored_version: null };
    }
    throw fault ?? err;
  } finally {
    db?.close();
  }
}

/** integrity_check's rows; a page so damaged that the check itself stops is one more finding, not a failure. */
function integrityProblems(db: Database.Database, file: string): string[] {
  try {
    return (db.pragma(`integrity_check(${MAX_PROBLEMS})`) as { integrity_check: string }[]).map((r) => r.integrity_check);
  } catch (err) {
    if (storeFault(err, file)?.code !== 'database_corrupt') throw err;
    return [`the check stopped: ${(err as Error).message}`];
  }
}
