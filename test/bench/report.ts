// The shape every benchmark returns, so index.ts can print one table and BENCHMARKS.md can be written from it,
// and the baselines they share.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src-main/engine/db/open';
import { INSERT_EVENT_SQL } from '../../src-main/engine/ingest/event-row';

export interface BenchResult {
  /** What was measured, e.g. 'ingest canonical JSONL (intel on)'. */
  name: string;
  value: number;
  unit: string;
  /** The target from the issue, as text (e.g. '>= 150000'), when there is one. */
  target?: string;
  /** Whether the target was met (informational: benchmarks never fail the build). */
  met?: boolean;
  note?: string;
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2);
}

export function rssMiB(): number {
  return process.memoryUsage().rss / 1048576;
}

/** The baseline every ingest figure is compared with: a plain prepared INSERT of the same event rows in one transaction, into a fresh database of the same schema. */
export function rawInsertRate(rows: readonly unknown[][]): number {
  const dir = mkdtempSync(join(tmpdir(), 'tm-bench-raw-'));
  const db = openDatabase(join(dir, 'raw.db'));
  try {
    const stmt = db.prepare(INSERT_EVENT_SQL);
    const t0 = performance.now();
    db.transaction(() => {
      for (const r of rows) stmt.run(...r);
    })();
    return rows.length / ((performance.now() - t0) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
