// The threat-intel indicator store: audited imports into SQLite, an in-memory index that matches
// every ingested event without touching the database, and threat-context lookups. Another process
// may import while this one runs: refreshIfChanged() reloads when the intel generation moved.
import { basename, extname } from 'node:path';
import type { OpOutput, ThreatContext } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import type { IndicatorKind, Reputation } from '@shared/domain/enums';
import type { IntelHit, TelemetryEvent } from '@shared/domain/telemetry';
import { isoOrNull } from '@shared/domain/time';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import { sql, type SqlRunner } from '../db/sql';
import { UserError, invalid } from '../errors';
import { ipv4ToInt } from '../inventory/ip';
import { readRegularTextFile } from '../util/input-file';
import type { Logger } from '../log';
import { INTEL_FORMATS, type IntelFormat } from './formats/feed-format';
import { isIntelFormat, parseFeedText } from './formats/parse-feed';
import { parseIndicator } from './indicator';
import { IntelWriter, type Touched, type WriteResult } from './intel-writer';
import { MatchIndex, type KindCounts } from './match-index';
import { normalizeRecords, RejectList, type ImportReject, type IndicatorRecord } from './records';
import { HIT_MIN_CODE, REP_BY_CODE, REP_CODE, isReputation } from './reputation';
import { ContextReader, type BlockResolver } from './threat-context';

export type { IndicatorRecord,  } from './records';
export type { BlockResolver } from './threat-context';

export interface IntelDeps {
  /** The SQL layer: this store is the one owner of indicators, indicator_sources and intel_feeds. */
  sql: SqlRunner;
  clock: Clock;
  log: Logger;
  audit: AuditLog;
  /** Tells lookups whether the policy engine blocks an indicator fleet-wide (see setBlockResolver). */
  blockResolver?: BlockResolver;
}

export interface IntelImportSummary {
  feed: string;
  format: string;
  /** Entries accepted from the input (imported + rejected_count + skipped = every entry). */
  imported: number;
  /** Distinct indicators among them (the same value twice, or in two cases, is one indicator). */
  distinct: number;
  new_indicators: number;
  /** Already known indicators this feed's statement was added to or refreshed. */
  updated: number;
  /** Replace mode: this feed's earlier statements the file no longer lists, and indicators left with no feed (deleted). */
  withdrawn: number;
  removed: number;
  /** Accepted entries by kind. */
  by_kind: Partial<Record<IndicatorKind, number>>;
  /** The first MAX_LISTED_REJECTS refused entries, with line and reason; rejected_count counts all. */
  rejected: ImportReject[];
  rejected_count: number;
  /** Valid entries of kinds this store does not match (email addresses, registry keys…), by what they were. */
  skipped: Record<string, number>;
  /** How many indicators the feed holds after this import. */
  feed_indicators: number;
  /** The look back over stored telemetry the import ran (see retro-hunt.ts). */
  retro_hunt?: RetroHuntSummary;
}

export interface RetroHuntSummary { window_days: number; since: string | null; events_scanned: number; hits: number; anomalies: number }

export interface ImportOptions {
  feed: string;
  format: string;
  actor: Actor;
  /** Drop this feed's statements about indicators the new records no longer list. */
  replace?: boolean;
  /** The file imported, for the audit entry. */
  source?: string;
  /** Entries the parser already refused, and what it skipped. */
  rejects?: readonly ImportReject[];
  skipped?: Record<string, number>;
}

/** What a detection asks of the intel store about an indicator it names. */
export type IndicatorLabels = Pick<IntelStore, 'labels'>;

/** matchEvent checks for other processes' imports once per this many events (one PRAGMA each time). */
const REFRESH_EVERY = 8192;

/** Returned by matchEvent when nothing matched: shared and frozen, so the hot path allocates nothing. */
export const NO_INTEL_HITS: IntelHit[] = Object.freeze([]) as unknown as IntelHit[];

export class IntelStore {
  private index = new MatchIndex();
  private readonly writer: IntelWriter;
  private readonly reader: ContextReader;
  /** Generation the index reflects; -1 until first loaded. */
  private loadedGeneration = -1;
  private lastDataVersion = -1;
  private blockResolver: BlockResolver | undefined;
  private untilRefreshCheck = 0;
  /** Runs after each committed import with the indicators it created or changed (the engine's retro-hunt). */
  onImported: ((touched: readonly Touched[]) => RetroHuntSummary | undefined) | undefined;

  constructor(private readonly deps: IntelDeps) {
    this.writer = new IntelWriter(deps.sql);
    this.reader = new ContextReader(deps.sql);
    this.blockResolver = deps.blockResolver;
  }

  /** The policy engine tells lookups whether a destination is blocked fleet-wide. */
  setBlockResolver(resolver: BlockResolver | undefined): void {
    this.blockResolver = resolver;
  }

  /**
   * Reloads the in-memory index when another connection committed an intel change. Costs one
   * PRAGMA when nothing was committed elsewhere, plus one settings read when something was.
   */
  refreshIfChanged(): boolean {
    const dv = this.deps.sql.value<number>(sql`PRAGMA data_version`)!;
    if (this.loadedGeneration >= 0 && dv === this.lastDataVersion) return false;
    this.lastDataVersion = dv;
    if (this.writer.generation() === this.loadedGeneration) return false;
    this.reload();
    return true;
  }

  /** Rebuilds the in-memory index from SQLite (one consistent snapshot). */
  reload(): void {
    const q = this.deps.sql;
    const started = performance.now();
    q.transaction(() => {
      const counts = Object.fromEntries(q.all<{ kind: IndicatorKind; n: number }>(sql`SELECT kind, COUNT(*) AS n FROM indicators GROUP BY kind`, 'intel.kinds').map((r) => [r.kind, r.n])) as KindCounts;
      const maxId = q.value<number>(sql`SELECT COALESCE(MAX(id), 0) FROM indicators`, 'intel.maxId')!;
      const ix = new MatchIndex(counts, maxId);
      const rows = q.iterate<{ id: number; kind: IndicatorKind; value: string; reputation: Reputation }>(sql`SELECT id, kind, value, reputation FROM indicators WHERE kind <> 'url'`);
      for (const r of rows) ix.add(r.id, r.kind, r.value, REP_CODE[r.reputation]);
      this.index = ix;
      this.loadedGeneration = this.writer.generation();
    });
    // The bulk read filled SQLite's page cache with every indicator page; lookups need only a few.
    q.exec('PRAGMA shrink_memory');
    this.deps.log.debug('intel index loaded', { indicators: this.index.size, ms: Math.round(performance.now() - started) });
  }

  /** Indicators the in-memory index holds (URLs excluded: they are looked up in SQLite). */
  get indexedCount(): number {
    if (this.loadedGeneration < 0) this.refreshIfChanged();
    return this.index.size;
  }

  /** Intel hits of one event (malicious or suspicious indicators only); NO_INTEL_HITS when none. */
  matchEvent(ev: TelemetryEvent): IntelHit[] {
    // A long ingest (or a server) notices another process's import within REFRESH_EVERY events.
    if (--this.untilRefreshCheck <= 0 || this.loadedGeneration < 0) {
      this.untilRefreshCheck = REFRESH_EVERY;
      this.refreshIfChanged();
    }
    return matchIn(this.index, ev);
  }

  /**
   * A matcher over only the given indicators (those an import created or raised to suspicious or
   * malicious): the intel retro-hunt runs stored events through it.
   */
  matcherFor(touched: readonly Touched[]): ((ev: TelemetryEvent) => IntelHit[]) | null {
    const fresh = touched.filter((t) => t.kind !== 'url' && REP_CODE[t.reputation] >= HIT_MIN_CODE);
    if (fresh.length === 0) return null;
    const ix = new MatchIndex({}, Math.max(...fresh.map((t) => t.id)));
    for (const t of fresh) ix.add(t.id, t.kind, t.value, REP_CODE[t.reputation]);
    return (ev) => matchIn(ix, ev);
  }

  /** get_threat_context for an IP, CIDR, domain, *.pattern, URL or hash. */
  lookup(indicator: string): ThreatContext {
    this.refreshIfChanged();
    const p = parseIndicator(indicator);
    if ('error' in p) {
      throw new UserError('invalid_input', `indicator: '${indicator}' is not an IP address, CIDR, domain, URL or MD5/SHA-1/SHA-256 hash (${p.error})`, 'indicator');
    }
    return this.reader.context(p, this.reader.candidates(p, this.index), this.blockResolver);
  }

  /**
   * The first indicator rated malicious or suspicious that speaks to an address of this IPv4 range (an
   * address inside it, or a range holding or overlapping it), probing the in-memory index address by
   * address: for the small ranges of a management path (the policy domain caps them at /16).
   */
  flaggedInIpv4Range(net: number, prefix: number): { value: string; reputation: Reputation } | null {
    this.refreshIfChanged();
    const ix = this.index;
    const size = 2 ** (32 - prefix);
    for (let i = 0; i < size; i++) {
      const id = ix.ipv4Id(net + i);
      if (id !== 0 && ix.rep[id] >= HIT_MIN_CODE) return this.deps.sql.get<{ value: string; reputation: Reputation }>(sql`SELECT value, reputation FROM indicators WHERE id = ${id}`, 'intel.flaggedById')!;
    }
    return null;
  }

  /**
   * Indicators of these kinds rated malicious or suspicious, read from SQLite; with `nameSuffix`, only
   * names and patterns ending in `.<suffix>` (a management-path pattern checked for what lies below it).
   */
  flagged(kinds: readonly IndicatorKind[], nameSuffix?: string): IterableIterator<{ kind: IndicatorKind; value: string; reputation: Reputation }> {
    const suffix = nameSuffix === undefined ? null : sql`AND substr(value, -${nameSuffix.length + 1}) = ${`.${nameSuffix}`}`;
    return this.deps.sql.iterate(sql`SELECT kind, value, reputation FROM indicators WHERE kind IN (SELECT value FROM json_each(${JSON.stringify(kinds)}))
      AND reputation IN ('malicious','suspicious') ${suffix ?? sql.raw('')}`);
  }

  /** An indicator's labels (categories and threat actors, as stored JSON arrays), for the anomaly that names it. */
  labels(id: number): { categories: string; threat_actors: string } | undefined {
    return this.deps.sql.get(sql`SELECT categories, threat_actors FROM indicators WHERE id = ${id}`, 'intel.labels');
  }

  /** How many feeds were imported and when the newest was (null before any): for the compliance checks. */
  feedFreshness(): { count: number; newest: number | null } {
    return this.deps.sql.get<{ count: number; newest: number | null }>(sql`SELECT COUNT(*) AS count, MAX(imported_at) AS newest FROM intel_feeds`, 'intel.feedFreshness')!;
  }

  /** How many indicators and feeds are stored: for `threatmatic stats`. */
  counts(): { indicators: number; feeds: number } {
    return this.deps.sql.get<{ indicators: number; feeds: number }>(sql`SELECT (SELECT COUNT(*) FROM indicators) AS indicators, (SELECT COUNT(*) FROM intel_feeds) AS feeds`, 'intel.counts')!;
  }

  feeds(): OpOutput<'intel.feeds'> {
    const q = this.deps.sql;
    const rows = q.all<{ name: string; format: string; indicators: number; imported_at: number }>(sql`SELECT name, format, indicators, imported_at FROM intel_feeds ORDER BY name`, 'intel.feeds');
    const totals = { indicators: 0, malicious: 0, suspicious: 0, benign: 0, unknown: 0 };
    for (const r of q.all<{ reputation: Reputation; n: number }>(sql`SELECT reputation, COUNT(*) AS n FROM indicators GROUP BY reputation`, 'intel.totals')) {
      totals[r.reputation] = r.n;
      totals.indicators += r.n;
    }
    return { feeds: rows.map((r) => ({ ...r, imported_at: isoOrNull(r.imported_at)! })), totals };
  }

  /** Writes one feed's records in one audited transaction, then updates the in-memory index. */
  importIndicators(records: IndicatorRecord[], opts: ImportOptions): IntelImportSummary {
    const feed = opts.feed.trim();
    if (!feed || feed.length > 100) throw invalid('feed', `feed name must be 1 to 100 characters, got '${opts.feed}'`);
    const rejects = new RejectList();
    rejects.addAll(opts.rejects ?? []);
    const replace = opts.replace === true;
    const params = { feed, format: opts.format, file: opts.source, replace };
    const { summary, written } = this.deps.audit.record(
      opts.actor,
      'intel.import',
      params,
      () => {
        this.refreshIfChanged(); // inside the write lock: the index is current before our delta lands
        const now = this.deps.clock.now();
        const normal = normalizeRecords(records, now, rejects);
        const written = this.writer.write(feed, opts.format, normal.records, now, replace);
        const summary: IntelImportSummary = {
          feed,
          format: opts.format,
          imported: normal.accepted,
          distinct: normal.records.length,
          new_indicators: written.created,
          updated: written.updated,
          withdrawn: written.withdrawn,
          removed: written.removed,
          by_kind: normal.byKind,
          rejected: rejects.items,
          rejected_count: rejects.count,
          skipped: opts.skipped ?? {},
          feed_indicators: written.feed_indicators,
        };
        return { summary, written };
      },
      ({ summary: s }) => ({ imported: s.imported, distinct: s.distinct, new_indicators: s.new_indicators, updated: s.updated, withdrawn: s.withdrawn, removed: s.removed, by_kind: s.by_kind, rejected: s.rejected_count, skipped: s.skipped }),
    );
    this.apply(written);
    const hunt = this.onImported?.(written.touched);
    return hunt ? { ...summary, retro_hunt: hunt } : summary;
  }

  /** Applies a committed import to the in-memory index (a full reload when statements were withdrawn). */
  private apply(w: WriteResult): void {
    if (w.withdrawn > 0) {
      this.reload();
      return;
    }
    for (const t of w.touched) {
      if (t.kind === 'url') continue;
      if (t.created) this.index.add(t.id, t.kind, t.value, REP_CODE[t.reputation]);
      else this.index.setRep(t.id, REP_CODE[t.reputation]);
    }
    this.loadedGeneration = w.generation;
  }

  /** Reads, parses (format auto-detected unless given) and imports one intel file. */
  importFile(path: string, opts: { feed?: string; format?: string; category?: string; reputation?: Reputation; replace?: boolean; actor: Actor }): IntelImportSummary {
    if (opts.format !== undefined && !isIntelFormat(opts.format)) throw invalid('format', `'${opts.format}' is not one of ${INTEL_FORMATS.join(', ')}`);
    if (opts.reputation !== undefined && !isReputation(opts.reputation)) throw invalid('reputation', `'${String(opts.reputation)}' is not malicious, suspicious, unknown or benign`);
    let text: string;
    try {
      text = readRegularTextFile(path);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw invalid('file', `cannot read '${path}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const parsed = parseFeedText(text, path, opts.format as IntelFormat | undefined, { reputation: opts.reputation ?? 'malicious' });
    const category = opts.category?.trim();
    const records = category ? parsed.feed.records.map((r) => ({ ...r, categories: [...r.categories, category] })) : parsed.feed.records;
    return this.importIndicators(records, {
      feed: opts.feed ?? basename(path, extname(path)),
      format: parsed.format,
      actor: opts.actor,
      replace: opts.replace,
      source: path,
      rejects: parsed.feed.rejects,
      skipped: parsed.feed.skipped,
    });
  }
}

function hitOf(ix: MatchIndex, id: number, field: string, value: string): IntelHit {
  return { indicator_id: id, reputation: REP_BY_CODE[ix.rep[id]]!, field, value };
}

/** Every indicator of `ix` an event touches, by field (rated suspicious or malicious). */
function matchIn(ix: MatchIndex, ev: TelemetryEvent): IntelHit[] {
  if (ix.size === 0) return NO_INTEL_HITS;
  const rep = ix.rep;
  let hits: IntelHit[] | undefined;
  let id = 0;
  if (ev.src_ip !== undefined && (id = ix.ipId(ev.src_ip)) !== 0 && rep[id] >= HIT_MIN_CODE) (hits ??= []).push(hitOf(ix, id, 'src_ip', ev.src_ip));
  if (ev.dst_ip !== undefined && (id = ix.ipId(ev.dst_ip)) !== 0 && rep[id] >= HIT_MIN_CODE) (hits ??= []).push(hitOf(ix, id, 'dst_ip', ev.dst_ip));
  if (ev.query !== undefined && (id = ix.domains.find(ev.query)) !== 0 && rep[id] >= HIT_MIN_CODE) (hits ??= []).push(hitOf(ix, id, 'query', ev.query));
  if (ev.host !== undefined && ev.host !== ev.dst_ip && (id = ix.domains.find(ev.host)) !== 0 && rep[id] >= HIT_MIN_CODE) (hits ??= []).push(hitOf(ix, id, 'host', ev.host));
  if (ev.server_name !== undefined && (id = ix.domains.find(ev.server_name)) !== 0 && rep[id] >= HIT_MIN_CODE) (hits ??= []).push(hitOf(ix, id, 'server_name', ev.server_name));
  if (ev.answers !== undefined) {
    for (const a of ev.answers) {
      const v4 = ipv4ToInt(a); // an answer is an address (A/AAAA) or a name (CNAME)
      id = v4 >= 0 ? ix.ipv4Id(v4) : a.indexOf(':') >= 0 ? ix.ipId(a) : ix.domains.find(a);
      if (id !== 0 && rep[id] >= HIT_MIN_CODE) (hits ??= []).push(hitOf(ix, id, 'answer', a));
    }
  }
  if (ev.hash !== undefined && (id = ix.hashId(ev.hash)) !== 0 && rep[id] >= HIT_MIN_CODE) (hits ??= []).push(hitOf(ix, id, 'hash', ev.hash));
  return hits ?? NO_INTEL_HITS;
}
