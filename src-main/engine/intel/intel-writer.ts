// The SQLite side of an intel import: what one feed says goes to indicator_sources (one row per
// indicator and feed, so re-importing a feed updates it), and the indicators row is re-merged from
// all its sources. Runs inside the caller's audited transaction.
import type { IndicatorKind, Reputation } from '@shared/domain/enums';
import { sql, type PreparedStatement, type SqlRunner } from '../db/sql';
import { bumpSetting, readSetting } from '../settings/settings-store';
import { statementSet } from '../db/statement-set';
import { mergeAll, type Statement } from './merge';

export interface NormalRecord extends Statement {
  kind: IndicatorKind;
  value: string;
}

export interface Touched {
  id: number;
  kind: IndicatorKind;
  value: string;
  reputation: Reputation;
  created: boolean;
}

export interface WriteResult {
  touched: Touched[];
  created: number;
  updated: number;
  /** Indicators no feed lists any more (replace mode), deleted. */
  removed: number;
  /** This feed's statements dropped because the new file no longer lists them (replace mode). */
  withdrawn: number;
  feed_indicators: number;
  generation: number;
}

/** Settings row bumped by every intel change, so other processes know to reload. */
const GENERATION_KEY = 'intel.generation';

interface SourceRow { reputation: Reputation; categories: string; threat_actors: string; first_seen: number | null; last_seen: number | null }

/** The statements an import runs once per record: prepared once, bound positionally. */
type HotStatement = 'upsertIndicator' | 'insertSource' | 'upsertSource' | 'sourcesOf' | 'updateMerged' | 'deleteSource' | 'deleteIndicator';

export class IntelWriter {
  private readonly hot: Record<HotStatement, PreparedStatement>;

  constructor(private readonly q: SqlRunner) {
    this.hot = statementSet(q, 'intel', {
      // The no-op update makes RETURNING yield the id of an existing row too; ids above the
      // pre-import maximum are the new ones.
      upsertIndicator:
        `INSERT INTO indicators (kind, value, reputation, categories, threat_actors, first_seen, last_seen, feed_sources)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1)
         ON CONFLICT (kind, value) DO UPDATE SET kind = excluded.kind RETURNING id`,
      insertSource:
        `INSERT INTO indicator_sources (indicator_id, feed, reputation, categories, threat_actors, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      // A feed's latest word replaces its verdict and labels; its dates only ever widen.
      upsertSource:
        `INSERT INTO indicator_sources (indicator_id, feed, reputation, categories, threat_actors, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (indicator_id, feed) DO UPDATE SET
           reputation = excluded.reputation, categories = excluded.categories, threat_actors = excluded.threat_actors,
           first_seen = COALESCE(MIN(first_seen, excluded.first_seen), first_seen, excluded.first_seen),
           last_seen = COALESCE(MAX(last_seen, excluded.last_seen), last_seen, excluded.last_seen)`,
      sourcesOf: 'SELECT reputation, categories, threat_actors, first_seen, last_seen FROM indicator_sources WHERE indicator_id = ? ORDER BY feed',
      updateMerged: 'UPDATE indicators SET reputation = ?, categories = ?, threat_actors = ?, first_seen = ?, last_seen = ?, feed_sources = ? WHERE id = ?',
      deleteSource: 'DELETE FROM indicator_sources WHERE indicator_id = ? AND feed = ?',
      deleteIndicator: 'DELETE FROM indicators WHERE id = ?',
    });
  }

  /** The intel generation committed so far (0 before any import). */
  generation(): number {
    return Number(readSetting(this.q, GENERATION_KEY) ?? 0);
  }

  /** Counts one more intel change, so other processes reload; returns the new generation. */
  private bumpGeneration(): number {
    return bumpSetting(this.q, GENERATION_KEY);
  }

  /** Re-merges one indicator from its sources; returns its reputation, or null when none remain (deleted). */
  private remerge(id: number): Reputation | null {
    const rows = this.hot.sourcesOf.all<SourceRow>(id);
    if (rows.length === 0) {
      this.hot.deleteIndicator.run(id);
      return null;
    }
    const m = mergeAll(rows.map((r) => ({ ...r, categories: JSON.parse(r.categories), threat_actors: JSON.parse(r.threat_actors) })));
    this.hot.updateMerged.run(m.reputation, JSON.stringify(m.categories), JSON.stringify(m.threat_actors), m.first_seen, m.last_seen, rows.length, id);
    return m.reputation;
  }

  /** Writes one feed's records (already normalized and de-duplicated). Call inside a transaction. */
  write(feed: string, format: string, records: readonly NormalRecord[], now: number, replace: boolean): WriteResult {
    const s = this.hot;
    const maxBefore = this.q.value<number>(sql`SELECT COALESCE(MAX(id), 0) FROM indicators`, 'intel.maxId')!;
    const touched: Touched[] = [];
    let created = 0;
    for (const r of records) {
      const cats = JSON.stringify(r.categories);
      const actors = JSON.stringify(r.threat_actors);
      const id = s.upsertIndicator.get<{ id: number }>(r.kind, r.value, r.reputation, cats, actors, r.first_seen, r.last_seen)!.id;
      if (id > maxBefore) {
        s.insertSource.run(id, feed, r.reputation, cats, actors, r.first_seen, r.last_seen);
        touched.push({ id, kind: r.kind, value: r.value, reputation: r.reputation, created: true });
        created++;
      } else {
        s.upsertSource.run(id, feed, r.reputation, cats, actors, r.first_seen, r.last_seen);
        touched.push({ id, kind: r.kind, value: r.value, reputation: this.remerge(id)!, created: false });
      }
    }
    let removed = 0;
    let withdrawn = 0;
    if (replace) {
      const keep = new Set(touched.map((t) => t.id));
      for (const id of this.q.column<number>(sql`SELECT indicator_id FROM indicator_sources WHERE feed = ${feed}`, 'intel.feedIds')) {
        if (keep.has(id)) continue;
        s.deleteSource.run(id, feed);
        withdrawn++;
        if (this.remerge(id) === null) removed++;
      }
    }
    const feedIndicators = this.q.value<number>(sql`SELECT COUNT(*) FROM indicator_sources WHERE feed = ${feed}`, 'intel.feedCount')!;
    if (records.length > 0 || replace) {
      this.q.run(sql`INSERT INTO intel_feeds (name, format, indicators, imported_at) VALUES (${feed}, ${format}, ${feedIndicators}, ${now})
        ON CONFLICT (name) DO UPDATE SET format = excluded.format, indicators = excluded.indicators, imported_at = excluded.imported_at`, 'intel.upsertFeed');
    }
    const generation = records.length > 0 || withdrawn > 0 ? this.bumpGeneration() : this.generation();
    return { touched, created, updated: touched.length - created, removed, withdrawn, feed_indicators: feedIndicators, generation };
  }
}
