// Owns tech_stack: the team's software inventory as imported (CSV, SBOMs, the API), each entry with the
// package identity it was resolved to. Re-importing an entry (same package, version and source) updates
// it rather than adding a twin.
import { isoOrNull } from '@shared/domain/time';
import { sql, type SqlRunner } from '../db/sql';
import { notFound } from '../errors';
import { prefixedId } from '../util/ulid';
import type { StackInput } from './stack-parsers';

export interface StackRow {
  id: string; technology: string; version: string | null; vendor: string | null; asset_count: number | null; package: string;
  ecosystem: string | null; purl: string | null; source: string; added_at: number;
}

export class StackStore {
  constructor(private readonly deps: { sql: SqlRunner }) {}

  /** Adds or updates entries (call inside a transaction); returns the ids, new ones counted. */
  upsert(entries: readonly StackInput[], source: string, now: number): { ids: string[]; added: number } {
    const q = this.deps.sql;
    const ids: string[] = [];
    let added = 0;
    for (const e of entries) {
      const existing = q.get<{ id: string }>(sql`SELECT id FROM tech_stack WHERE package = ${e.package} AND version IS ${e.version} AND source = ${source}`);
      if (existing) {
        q.run(sql`UPDATE tech_stack SET technology = ${e.technology}, vendor = ${e.vendor}, asset_count = ${e.asset_count}, ecosystem = ${e.ecosystem}, purl = ${e.purl} WHERE id = ${existing.id}`);
        ids.push(existing.id);
        continue;
      }
      const id = prefixedId('stk', now);
      q.run(sql`INSERT INTO tech_stack (id, technology, version, vendor, asset_count, package, ecosystem, purl, source, added_at)
        VALUES (${id}, ${e.technology}, ${e.version}, ${e.vendor}, ${e.asset_count}, ${e.package}, ${e.ecosystem}, ${e.purl}, ${source}, ${now})`);
      ids.push(id);
      added++;
    }
    return { ids: [...new Set(ids)], added };
  }

  all(): StackRow[] {
    return this.deps.sql.all<StackRow>(sql`SELECT * FROM tech_stack ORDER BY technology, version, id`);
  }

  get(id: string): StackRow {
    const row = this.deps.sql.get<StackRow>(sql`SELECT * FROM tech_stack WHERE id = ${id}`);
    if (!row) throw notFound('stack entry', id);
    return row;
  }

  delete(id: string): StackRow {
    const row = this.get(id);
    this.deps.sql.run(sql`DELETE FROM tech_stack WHERE id = ${id}`);
    return row;
  }

  /** Entries that came from one source (a device's firmware, a workload's image), for replacing them. */
  idsFromSource(source: string): string[] {
    return this.deps.sql.column<string>(sql`SELECT id FROM tech_stack WHERE source = ${source}`);
  }
}

export const addedAtIso = (r: StackRow): string => isoOrNull(r.added_at) as string;
