// A store's hot statements declared together: the ones an ingest batch or an import runs once per
// entity or record, where building a tagged template per call would cost more than the statement.
// Each is prepared once through the SQL layer (cached, and timed under `prefix.name`).
import type { PreparedStatement, SqlRunner } from './sql';

export function statementSet<K extends string>(runner: SqlRunner, prefix: string, texts: Record<K, string>): Record<K, PreparedStatement> {
  const out = {} as Record<K, PreparedStatement>;
  for (const name of Object.keys(texts) as K[]) out[name] = runner.statement(`${prefix}.${name}`, texts[name]);
  return out;
}
