// The retention tables: what an operator set per kind (retention_settings) and how far each kind was
// pruned (retention_horizons). Only this store reads or writes them.
import { RETENTION_KINDS, type RetentionKind } from '@shared/contract/operations/retention';
import { sql, type SqlRunner } from '../db/sql';

export class RetentionStore {
  constructor(private readonly runner: SqlRunner) {}

  /** The kinds an operator set, with their days (null: forever). */
  configured(): Map<RetentionKind, number | null> {
    const rows = this.runner.all<{ kind: string; days: number | null }>(sql`SELECT kind, days FROM retention_settings`, 'retention.settings');
    return new Map(rows.filter((r) => (RETENTION_KINDS as readonly string[]).includes(r.kind)).map((r) => [r.kind as RetentionKind, r.days]));
  }

  set(kind: RetentionKind, days: number | null, at: number, by: string): void {
    this.runner.run(sql`INSERT INTO retention_settings (kind, days, set_at, set_by) VALUES (${kind}, ${days}, ${at}, ${by})
      ON CONFLICT(kind) DO UPDATE SET days = excluded.days, set_at = excluded.set_at, set_by = excluded.set_by`, 'retention.set');
  }

  /** Rows of this kind older than this (ms) may be gone; null when it was never pruned. */
  horizon(kind: RetentionKind): number | null {
    return this.runner.value<number>(sql`SELECT pruned_before FROM retention_horizons WHERE kind = ${kind}`, 'retention.horizon') ?? null;
  }

  /** Records a prune up to `before`; a horizon only moves forward. */
  advanceHorizon(kind: RetentionKind, before: number): void {
    this.runner.run(sql`INSERT INTO retention_horizons (kind, pruned_before) VALUES (${kind}, ${before})
      ON CONFLICT(kind) DO UPDATE SET pruned_before = MAX(pruned_before, excluded.pruned_before)`, 'retention.advance_horizon');
  }
}
