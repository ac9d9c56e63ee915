// `threatmatic db check`: integrity and schema version of the data folder's database, without opening
// the engine (so it works on a file the engine refuses). Exit 1 when the file is damaged or unusable.
import { join } from 'node:path';
import { DB_FILE } from '../../engine/data-dir';
import { checkDatabase, type DbCheckReport } from '../../engine/db/check';
import type { CliCommand } from '../command';
import { keyValues } from '../format';

function human(r: DbCheckReport): string {
  const head = keyValues({
    file: r.file, integrity: r.integrity, schema: `${r.schema_version} (${r.schema_state}; this Threatmatic: ${r.latest_version})`,
    ...(r.schema_state === 'unversioned' ? { matches_version: r.matching_version ?? 'none' } : {}),
    ...(r.restored_version !== null ? { restored_version: r.restored_version } : {}),
  });
  const advice = !r.ok && r.integrity === 'damaged'
    ? '\n\nThe file is damaged: restore it from a backup, or move it aside to start afresh.'
    : r.schema_state === 'unversioned' ? (r.matching_version !== null ? `\n\nRun 'threatmatic db check --restore-version' to record version ${r.matching_version}.` : '\n\nIts tables match no Threatmatic version: restore from a file copy or sqlite3 .backup.')
      : r.schema_state === 'too_new' ? '\n\nWritten by a newer Threatmatic: upgrade to open it.' : '';
  return `${head}${r.problems.length ? `\n\nProblems:\n${r.problems.map((p) => `  ${p}`).join('\n')}` : ''}${advice}`;
}

export const dbCheckCommand: CliCommand = {
  name: 'db check',
  summary: 'Check the database file: full integrity check and schema version (exit 1 when damaged or unusable)',
  maxArgs: 0,
  options: {
    'restore-version': { type: 'boolean', description: "Record the schema version a 'sqlite3 .dump' restore lost (only when the tables match one version exactly)" },
  },
  details: `Runs SQLite's integrity_check (every page, and every index against its table: slower than the
quick_check done at each open) and reports the schema version. Opening the engine is not needed, so it
works on a database that other commands refuse as damaged, too new or unversioned.`,
  run(ctx) {
    const report = checkDatabase(join(ctx.dataDir, DB_FILE), { restoreVersion: ctx.values['restore-version'] === true });
    ctx.emit(report, () => human(report));
    return report.ok ? 0 : 1;
  },
};
