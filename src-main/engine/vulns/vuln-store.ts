// Owns the vulnerability tables: imported feeds (vuln_feeds), vulnerability records (vulns) and what
// they affect (vuln_affected), the KEV catalogue (vuln_kev), EPSS scores (vuln_epss) and the matches of
// stack entries to records (vuln_matches, with their per-entry status). The exposure columns of `vulns`
// (on the stack, open matches, SLA due date, priority, status) are kept here too, recomputed for the CVEs
// an import or a status change touched, so the patch list is one indexed query.
import { CLOSED_STATUSES, type Patch, type PatchFilter, type PatchStatus } from '@shared/contract/operations/vulns-schemas';
import { isoOrNull } from '@shared/domain/time';
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';
import { notFound } from '../errors';
import { normalizeName, packageKey } from './ai-catalog';
import { preferredScore, severityOf, type CvssScore } from './cvss';
import type { MatchConfidence, MatchResult } from './matching';
import { computePriority } from './priority';
import { computeSla, ssvcDecision } from './sla';
import type { AffectedRule, EpssEntry, KevEntry, Ssvc, VulnRecord } from './types';

interface VulnRow {
  cve_id: string; aliases: string; title: string | null; description: string | null; published: number | null; modified: number | null;
  cvss_score: number | null; cvss_version: string | null; cvss_vector: string | null; cvss_source: string | null; severity: string; cwes: string;
  ssvc: string | null; kev_added: string | null; ai_reason: string | null; feeds: string; first_seen: number; updated_at: number;
  in_stack: number; open_matches: number; first_matched: number | null; priority: number; scored_at: number; status: string;
  status_reason: string | null; status_changed_at: number | null; due_at: number | null;
}
interface KevRow { cve_id: string; date_added: string; due_date: string | null; ransomware: number; required_action: string | null }
interface EpssRow { cve_id: string; epss: number; percentile: number; score_date: string | null }
export interface MatchRow {
  cve_id: string; stack_id: string; technology: string; version: string | null; rule: string; range: string; confidence: MatchConfidence;
  feed: string; matched_at: number; status: string; status_reason: string | null; status_changed_at: number | null;
}
export interface FeedRow { id: string; kind: string; source: string; feed_date: string | null; imported_at: number; records: number; new_records: number; rejected: number }

export interface FoundMatch { cve_id: string; stack_id: string; technology: string; version: string | null; feed: string; match: MatchResult }

const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0, none: 0 };
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const dateMs = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);

export class VulnStore {
  constructor(private readonly deps: { sql: SqlRunner }) {}

  private get q(): SqlRunner {
    return this.deps.sql;
  }

  recordFeed(f: FeedRow): void {
    this.q.run(sql`INSERT INTO vuln_feeds (id, kind, source, feed_date, imported_at, records, new_records, rejected)
      VALUES (${f.id}, ${f.kind}, ${f.source}, ${f.feed_date}, ${f.imported_at}, ${f.records}, ${f.new_records}, ${f.rejected})`);
  }

  feeds(): FeedRow[] {
    return this.q.all<FeedRow>(sql`SELECT * FROM vuln_feeds ORDER BY imported_at DESC, id DESC LIMIT 200`);
  }

  /**
   * Adds or merges one record (call inside a transaction). A CVE seen in several feeds keeps the union of
   * aliases, CWEs and affected rules (each feed's rules replaced by its newer record), the preferred CVSS
   * score, the earliest publication date and the CVE record's own description over an advisory's.
   */
  upsertRecord(r: VulnRecord, aiReason: string | null, now: number): boolean {
    const existing = this.q.get<VulnRow>(sql`SELECT * FROM vulns WHERE cve_id = ${r.id}`);
    const prevScore: CvssScore & { source: string } | null = existing?.cvss_score != null && existing.cvss_vector
      ? { score: existing.cvss_score, version: existing.cvss_version ?? '', vector: existing.cvss_vector, severity: severityOf(existing.cvss_score), source: existing.cvss_source ?? '' }
      : null;
    const best = preferredScore([prevScore, ...r.scores]) as (CvssScore & { source: string }) | null;
    const own = r.feed !== 'osv';
    const row = {
      aliases: JSON.stringify([...new Set([...(existing ? (JSON.parse(existing.aliases) as string[]) : []), ...r.aliases])].sort()),
      title: (own ? r.title ?? existing?.title : existing?.title ?? r.title) ?? null,
      description: (own ? r.description ?? existing?.description : existing?.description ?? r.description) ?? null,
      published: existing?.published != null && r.published != null ? Math.min(existing.published, r.published) : (existing?.published ?? r.published),
      modified: Math.max(existing?.modified ?? 0, r.modified ?? 0) || null,
      cvss_score: best?.score ?? null, cvss_version: best?.version ?? null, cvss_vector: best?.vector ?? null, cvss_source: best?.source ?? null,
      severity: best ? (best.severity === 'none' ? 'low' : best.severity) : 'unknown',
      cwes: JSON.stringify([...new Set([...(existing ? (JSON.parse(existing.cwes) as string[]) : []), ...r.cwes])]),
      ssvc: r.ssvc ? JSON.stringify(r.ssvc) : (existing?.ssvc ?? null),
      kev_added: r.kev_added ?? existing?.kev_added ?? null,
      ai_reason: existing?.ai_reason ?? aiReason,
      feeds: JSON.stringify([...new Set([...(existing ? (JSON.parse(existing.feeds) as string[]) : []), r.feed])].sort()),
    };
    if (existing) {
      this.q.statement('vulns.update', `UPDATE vulns SET aliases = ?, title = ?, description = ?, published = ?, modified = ?, cvss_score = ?, cvss_version = ?, cvss_vector = ?,
        cvss_source = ?, severity = ?, cwes = ?, ssvc = ?, kev_added = ?, ai_reason = ?, feeds = ?, updated_at = ?, scored_at = 0 WHERE cve_id = ?`)
        .run(row.aliases, row.title, row.description, row.published, row.modified, row.cvss_score, row.cvss_version, row.cvss_vector, row.cvss_source, row.severity,
          row.cwes, row.ssvc, row.kev_added, row.ai_reason, row.feeds, now, r.id);
    } else {
      this.q.statement('vulns.insert', `INSERT INTO vulns (cve_id, aliases, title, description, published, modified, cvss_score, cvss_version, cvss_vector, cvss_source,
        severity, cwes, ssvc, kev_added, ai_reason, feeds, first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(r.id, row.aliases, row.title, row.description, row.published, row.modified, row.cvss_score, row.cvss_version, row.cvss_vector, row.cvss_source,
          row.severity, row.cwes, row.ssvc, row.kev_added, row.ai_reason, row.feeds, now, now);
    }
    const origin = r.feed === 'osv' ? `osv:${r.aliases[0] ?? r.id}` : r.feed;
    this.q.statement('vuln_affected.clear', 'DELETE FROM vuln_affected WHERE cve_id = ? AND feed = ?').run(r.id, origin);
    const insert = this.q.statement('vuln_affected.insert', 'INSERT INTO vuln_affected (cve_id, feed, package, ecosystem, kind, rule) VALUES (?, ?, ?, ?, ?, ?)');
    for (const rule of r.affected) insert.run(r.id, origin, rule.package, rule.kind === 'cpe' ? null : rule.ecosystem, rule.kind, JSON.stringify(rule));
    return !existing;
  }

  upsertKev(e: KevEntry, feedId: string): boolean {
    const had = this.q.statement<[string]>('vuln_kev.has', 'SELECT 1 FROM vuln_kev WHERE cve_id = ?').get(e.cve_id) !== undefined;
    this.q.statement('vuln_kev.upsert', `INSERT INTO vuln_kev (cve_id, vendor, product, name, date_added, due_date, ransomware, required_action, description, feed_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(cve_id) DO UPDATE SET vendor = excluded.vendor, product = excluded.product, name = excluded.name,
      date_added = excluded.date_added, due_date = excluded.due_date, ransomware = excluded.ransomware, required_action = excluded.required_action,
      description = excluded.description, feed_id = excluded.feed_id`)
      .run(e.cve_id, e.vendor, e.product, e.name, e.date_added, e.due_date, e.ransomware ? 1 : 0, e.required_action, e.description, feedId);
    return !had;
  }

  upsertEpss(e: EpssEntry, date: string | null, feedId: string): boolean {
    const info = this.q.statement('vuln_epss.upsert', `INSERT INTO vuln_epss (cve_id, epss, percentile, score_date, feed_id) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(cve_id) DO UPDATE SET epss = excluded.epss, percentile = excluded.percentile, score_date = excluded.score_date, feed_id = excluded.feed_id
      WHERE excluded.score_date IS NULL OR vuln_epss.score_date IS NULL OR excluded.score_date >= vuln_epss.score_date`)
      .run(e.cve_id, e.epss, e.percentile, date, feedId);
    return info.changes > 0;
  }

  /** Marks a CVE's score stale (a KEV or EPSS row about it arrived); nothing when it is not a record here. */
  markUnscored(cveId: string): void {
    this.q.statement('vulns.unscore', 'UPDATE vulns SET scored_at = 0 WHERE cve_id = ?').run(cveId);
  }

  /** Whether the CVE's score is stale: it was added or changed by the import under way. */
  unscored(cveId: string): boolean {
    return this.q.value<number>(sql`SELECT scored_at FROM vulns WHERE cve_id = ${cveId}`) === 0;
  }

  /** Every affected rule naming one of these packages. */
  rulesFor(packages: readonly string[]): { cve_id: string; feed: string; rule: AffectedRule }[] {
    return chunks([...new Set(packages)]).flatMap((c) =>
      this.q.all<{ cve_id: string; feed: string; rule: string }>(sql`SELECT cve_id, feed, rule FROM vuln_affected WHERE package IN ${sql.list(c)}`)
        .map((r) => ({ cve_id: r.cve_id, feed: r.feed, rule: JSON.parse(r.rule) as AffectedRule })));
  }

  /**
   * Makes the stored matches of these stack entries exactly `found` (keeping the status of a match that
   * stays). Returns the CVEs whose matches changed and those newly on the stack.
   */
  replaceMatches(stackIds: readonly string[], found: readonly FoundMatch[], now: number): { changed: Set<string>; newlyOnStack: Set<string> } {
    const changed = new Set<string>();
    const before = new Set<string>();
    for (const c of chunks(stackIds)) {
      for (const m of this.q.all<{ cve_id: string; stack_id: string }>(sql`SELECT cve_id, stack_id FROM vuln_matches WHERE stack_id IN ${sql.list(c)}`)) before.add(`${m.cve_id}\u0000${m.stack_id}`);
    }
    const wasOnStack = new Set(this.q.column<string>(sql`SELECT cve_id FROM vulns WHERE in_stack = 1`));
    const keep = new Set<string>();
    const upsert = this.q.statement('vuln_matches.upsert', `INSERT INTO vuln_matches (cve_id, stack_id, technology, version, rule, range, confidence, feed, matched_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(cve_id, stack_id) DO UPDATE SET technology = excluded.technology, version = excluded.version,
      rule = excluded.rule, range = excluded.range, confidence = excluded.confidence, feed = excluded.feed`);
    for (const f of found) {
      const key = `${f.cve_id}\u0000${f.stack_id}`;
      keep.add(key);
      if (!before.has(key)) changed.add(f.cve_id);
      upsert.run(f.cve_id, f.stack_id, f.technology, f.version, f.match.rule, f.match.range, f.match.confidence, f.feed, now);
    }
    const del = this.q.statement('vuln_matches.delete', 'DELETE FROM vuln_matches WHERE cve_id = ? AND stack_id = ?');
    for (const key of before) {
      if (keep.has(key)) continue;
      const [cve, stack] = key.split('\u0000');
      del.run(cve, stack);
      changed.add(cve);
    }
    const foundCves = new Set(found.map((f) => f.cve_id));
    const newlyOnStack = new Set([...changed].filter((c) => foundCves.has(c) && !wasOnStack.has(c)));
    return { changed, newlyOnStack };
  }

  /** The CVEs matched to a stack entry, its matches dropped (the entry is being removed). */
  dropMatchesOf(stackId: string): string[] {
    const cves = this.q.column<string>(sql`SELECT cve_id FROM vuln_matches WHERE stack_id = ${stackId}`);
    this.q.run(sql`DELETE FROM vuln_matches WHERE stack_id = ${stackId}`);
    return cves;
  }

  openMatchCounts(): Map<string, number> {
    return new Map(this.q.all<{ stack_id: string; n: number }>(sql`SELECT m.stack_id, COUNT(*) AS n FROM vuln_matches m JOIN vulns v ON v.cve_id = m.cve_id
      WHERE m.status IN ('open', 'investigating') AND v.status IN ('open', 'investigating') GROUP BY m.stack_id`).map((r) => [r.stack_id, r.n]));
  }

  /** Recomputes the exposure columns (on stack, open matches, first match, SLA due, priority) of these CVEs as of `now`. */
  refreshExposure(cveIds: Iterable<string>, now: number): void {
    const ids = [...new Set(cveIds)];
    const update = this.q.statement('vulns.exposure', `UPDATE vulns SET in_stack = ?, open_matches = ?, first_matched = ?, due_at = ?, priority = ?, scored_at = ? WHERE cve_id = ?`);
    for (const c of chunks(ids)) {
      const rows = this.q.all<VulnRow>(sql`SELECT * FROM vulns WHERE cve_id IN ${sql.list(c)}`);
      const ctx = this.context(rows.map((r) => r.cve_id));
      for (const r of rows) {
        const matches = ctx.matches.get(r.cve_id) ?? [];
        const firstMatched = matches.length ? Math.min(...matches.map((m) => m.matched_at)) : null;
        const view = this.score(r, matches, ctx.epss.get(r.cve_id), ctx.kev.get(r.cve_id), now, firstMatched);
        update.run(matches.length ? 1 : 0, matches.filter((m) => !CLOSED_STATUSES.includes(m.status)).length, firstMatched, Date.parse(view.sla.due), view.priority, now, r.cve_id);
      }
    }
  }

  /** CVEs whose score is older than `before` (0: only those an import touched; age moves daily). */
  staleIds(before: number, limit: number): string[] {
    return this.q.column<string>(sql`SELECT cve_id FROM vulns WHERE scored_at < ${before} LIMIT ${limit}`);
  }

  severityOf(cveId: string): string | null {
    return this.q.value<string>(sql`SELECT severity FROM vulns WHERE cve_id = ${cveId}`) ?? null;
  }

  private context(ids: readonly string[]): { matches: Map<string, MatchRow[]>; epss: Map<string, EpssRow>; kev: Map<string, KevRow> } {
    const matches = new Map<string, MatchRow[]>();
    const epss = new Map<string, EpssRow>();
    const kev = new Map<string, KevRow>();
    for (const c of chunks(ids)) {
      for (const m of this.q.all<MatchRow>(sql`SELECT * FROM vuln_matches WHERE cve_id IN ${sql.list(c)} ORDER BY matched_at, stack_id`)) {
        const list = matches.get(m.cve_id) ?? [];
        list.push(m);
        matches.set(m.cve_id, list);
      }
      for (const e of this.q.all<EpssRow>(sql`SELECT cve_id, epss, percentile, score_date FROM vuln_epss WHERE cve_id IN ${sql.list(c)}`)) epss.set(e.cve_id, e);
      for (const k of this.q.all<KevRow>(sql`SELECT cve_id, date_added, due_date, ransomware, required_action FROM vuln_kev WHERE cve_id IN ${sql.list(c)}`)) kev.set(k.cve_id, k);
    }
    return { matches, epss, kev };
  }

  /** A row as the API shows it, scored as of `asOf`. */
  private score(r: VulnRow, matches: MatchRow[], epss: EpssRow | undefined, kev: KevRow | undefined, asOf: number, firstMatched = r.first_matched): Patch {
    const strongest = [...matches].sort((a, b) => (a.confidence === b.confidence ? 0 : a.confidence === 'low' ? 1 : -1))[0];
    const breakdown = computePriority({
      cvss_score: r.cvss_score, cvss_label: r.cvss_version ? `CVSS ${r.cvss_version}, ${r.cvss_source}` : null, cvss_date: r.modified ?? r.published,
      stack: strongest ? { confidence: strongest.confidence, label: `${strongest.technology}${strongest.version ? ` ${strongest.version}` : ''}: ${strongest.rule} ${strongest.range}`, date: strongest.matched_at } : null,
      epss: epss?.epss ?? null, epss_percentile: epss?.percentile ?? null, epss_date: epss?.score_date ?? null, published: r.published,
    }, asOf);
    const ssvc = r.ssvc ? (JSON.parse(r.ssvc) as Ssvc) : null;
    const kevDue = kev?.due_date ?? null;
    const sla = computeSla(r.severity, firstMatched ?? r.first_seen, kevDue, ssvc, asOf);
    return {
      cve_id: r.cve_id, aliases: JSON.parse(r.aliases) as string[], title: r.title, description: r.description, severity: r.severity as Patch['severity'],
      cvss: r.cvss_score !== null && r.cvss_vector ? { score: r.cvss_score, version: r.cvss_version ?? '', vector: r.cvss_vector, source: r.cvss_source ?? '' } : null,
      published: isoOrNull(r.published), priority: breakdown.total,
      breakdown: { cvss: breakdown.cvss, stack: breakdown.stack, epss: breakdown.epss, age: breakdown.age, as_of: new Date(asOf).toISOString() },
      epss: epss ? { score: epss.epss, percentile: epss.percentile, date: epss.score_date } : null,
      kev: kev ? { date_added: kev.date_added, due_date: kev.due_date, ransomware: kev.ransomware === 1, required_action: kev.required_action } : r.kev_added ? { date_added: r.kev_added, due_date: null, ransomware: false, required_action: null } : null,
      ssvc: ssvc ? { ...ssvc, decision: ssvcDecision(ssvc), date: ssvc.timestamp } : null,
      ai_reason: r.ai_reason, in_stack: matches.length > 0,
      matches: matches.map((m) => ({ stack_id: m.stack_id, technology: m.technology, version: m.version, rule: m.rule, range: m.range, confidence: m.confidence, status: m.status as Patch['status'], status_reason: m.status_reason })),
      sla, status: r.status as Patch['status'], status_reason: r.status_reason, status_changed_at: isoOrNull(r.status_changed_at),
      feeds: JSON.parse(r.feeds) as string[],
    };
  }

  private where(f: PatchFilter, now: number): SqlFragment {
    const scope = f.scope ?? 'ai';
    const status = f.status ?? 'open';
    const open = sql`(v.status IN ('open', 'investigating') AND (v.in_stack = 0 OR v.open_matches > 0))`;
    const products = (f.products ?? []).map((p) => packageKey(p));
    const like = f.q ? `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    return sql.where([
      scope === 'ai' && sql`(v.ai_reason IS NOT NULL OR v.in_stack = 1)`,
      scope === 'stack' && sql`v.in_stack = 1`,
      status === 'open' && open,
      status === 'closed' && sql`NOT ${open}`,
      status !== 'open' && status !== 'closed' && status !== 'all' && sql`v.status = ${status}`,
      products.length > 0 && sql`EXISTS (SELECT 1 FROM vuln_affected a WHERE a.cve_id = v.cve_id AND (${sql.join(products.map((p) => sql`a.package = ${p} OR a.package LIKE ${`${p}-%`}`), ' OR ')}))`,
      f.ecosystem && sql`EXISTS (SELECT 1 FROM vuln_affected a WHERE a.cve_id = v.cve_id AND lower(a.ecosystem) = ${f.ecosystem.toLowerCase()})`,
      f.severity?.length && sql`v.severity IN ${sql.list(f.severity)}`,
      f.kev && sql`(EXISTS (SELECT 1 FROM vuln_kev k WHERE k.cve_id = v.cve_id) OR v.kev_added IS NOT NULL)`,
      f.exploited && sql`(EXISTS (SELECT 1 FROM vuln_kev k WHERE k.cve_id = v.cve_id) OR v.kev_added IS NOT NULL OR json_extract(v.ssvc, '$.exploitation') = 'active')`,
      f.overdue && sql`v.due_at < ${now}`,
      f.published_after && sql`v.published >= ${dateMs(f.published_after)}`,
      f.min_epss !== undefined && sql`(SELECT e.epss FROM vuln_epss e WHERE e.cve_id = v.cve_id) >= ${f.min_epss}`,
      like && sql`(lower(v.cve_id) LIKE ${like} ESCAPE '\\' OR lower(v.title) LIKE ${like} ESCAPE '\\' OR lower(v.description) LIKE ${like} ESCAPE '\\' OR lower(v.aliases) LIKE ${like} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM vuln_affected a WHERE a.cve_id = v.cve_id AND a.package LIKE ${like} ESCAPE '\\'))`,
    ]);
  }

  list(f: PatchFilter, limit: number, offset: number, now: number): { patches: Patch[]; total: number } {
    const where = this.where(f, now);
    const order = {
      priority: sql`v.priority DESC, v.cve_id`,
      published: sql`v.published DESC, v.cve_id`,
      cvss: sql`v.cvss_score DESC NULLS LAST, v.priority DESC, v.cve_id`,
      epss: sql`(SELECT e.epss FROM vuln_epss e WHERE e.cve_id = v.cve_id) DESC NULLS LAST, v.cve_id`,
      due: sql`v.due_at ASC NULLS LAST, v.priority DESC, v.cve_id`,
    }[f.sort ?? 'priority'];
    const total = this.q.value<number>(sql`SELECT COUNT(*) FROM vulns v ${where}`) ?? 0;
    const rows = this.q.all<VulnRow>(sql`SELECT v.* FROM vulns v ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`);
    return { patches: this.view(rows), total };
  }

  private view(rows: VulnRow[]): Patch[] {
    const ctx = this.context(rows.map((r) => r.cve_id));
    return rows.map((r) => this.score(r, ctx.matches.get(r.cve_id) ?? [], ctx.epss.get(r.cve_id), ctx.kev.get(r.cve_id), r.scored_at || r.updated_at));
  }

  get(cveId: string): Patch {
    const id = cveId.trim().toUpperCase();
    const row = this.q.get<VulnRow>(sql`SELECT * FROM vulns WHERE cve_id = ${id}`)
      ?? this.q.get<VulnRow>(sql`SELECT * FROM vulns WHERE aliases LIKE ${`%"${cveId.trim()}"%`} LIMIT 1`);
    if (!row) throw notFound('cve', cveId);
    return this.view([row])[0];
  }

  /** The advisory rules stored for a CVE, for its detail view. */
  rulesOf(cveId: string): { feed: string; rule: AffectedRule }[] {
    return this.q.all<{ feed: string; rule: string }>(sql`SELECT feed, rule FROM vuln_affected WHERE cve_id = ${cveId} ORDER BY feed, id`).map((r) => ({ feed: r.feed, rule: JSON.parse(r.rule) as AffectedRule }));
  }

  stats(now: number): { total: number; ai_relevant: number; in_stack: number; open: number; overdue: number; kev_in_stack: number; by_severity: Record<string, number>; due_7d: number; closed: number; feeds: { kind: string; records: number; last_import: string | null; feed_date: string | null }[] } {
    const open = sql`v.status IN ('open', 'investigating') AND (v.in_stack = 0 OR v.open_matches > 0)`;
    const row = this.q.get<Record<string, number>>(sql`SELECT COUNT(*) AS total,
      SUM(v.ai_reason IS NOT NULL) AS ai_relevant, SUM(v.in_stack) AS in_stack,
      SUM(v.in_stack = 1 AND ${open}) AS open,
      SUM(v.in_stack = 1 AND ${open} AND v.due_at < ${now}) AS overdue,
      SUM(v.in_stack = 1 AND ${open} AND v.due_at >= ${now} AND v.due_at < ${now + 7 * 86_400_000}) AS due_7d,
      SUM(v.in_stack = 1 AND NOT (${open})) AS closed,
      SUM(v.in_stack = 1 AND ${open} AND (v.kev_added IS NOT NULL OR EXISTS (SELECT 1 FROM vuln_kev k WHERE k.cve_id = v.cve_id))) AS kev_in_stack
      FROM vulns v`) ?? {};
    const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    for (const s of this.q.all<{ severity: string; n: number }>(sql`SELECT v.severity, COUNT(*) AS n FROM vulns v WHERE v.in_stack = 1 AND ${open} GROUP BY v.severity`)) bySeverity[s.severity] = s.n;
    const feeds = this.q.all<{ kind: string; records: number; last_import: number; feed_date: string | null }>(sql`SELECT kind, SUM(records) AS records, MAX(imported_at) AS last_import,
      MAX(feed_date) AS feed_date FROM vuln_feeds GROUP BY kind ORDER BY kind`).map((f) => ({ kind: f.kind, records: f.records, last_import: isoOrNull(f.last_import), feed_date: f.feed_date }));
    const n = (k: string) => Number(row[k] ?? 0);
    return { total: n('total'), ai_relevant: n('ai_relevant'), in_stack: n('in_stack'), open: n('open'), overdue: n('overdue'), kev_in_stack: n('kev_in_stack'), due_7d: n('due_7d'), closed: n('closed'), by_severity: bySeverity, feeds };
  }

  /** Sets the status of a CVE, or of one of its stack entries; the caller audits it. Returns the previous status. */
  setStatus(cveId: string, stackId: string | null, status: PatchStatus, reason: string | null, now: number): string {
    if (stackId) {
      const m = this.q.get<MatchRow>(sql`SELECT * FROM vuln_matches WHERE cve_id = ${cveId} AND stack_id = ${stackId}`);
      if (!m) throw notFound('stack_id', `${stackId}' on '${cveId}`);
      this.q.run(sql`UPDATE vuln_matches SET status = ${status}, status_reason = ${reason}, status_changed_at = ${now} WHERE cve_id = ${cveId} AND stack_id = ${stackId}`);
      return m.status;
    }
    const prev = this.q.value<string>(sql`SELECT status FROM vulns WHERE cve_id = ${cveId}`);
    if (prev === undefined) throw notFound('cve', cveId);
    this.q.run(sql`UPDATE vulns SET status = ${status}, status_reason = ${reason}, status_changed_at = ${now} WHERE cve_id = ${cveId}`);
    return prev;
  }

  /** Canonical id of a CVE or advisory id (an alias resolves to its record). */
  resolveId(id: string): string {
    const up = id.trim().toUpperCase();
    const direct = this.q.value<string>(sql`SELECT cve_id FROM vulns WHERE cve_id = ${up}`);
    if (direct) return direct;
    const alias = this.q.value<string>(sql`SELECT cve_id FROM vulns WHERE aliases LIKE ${`%"${id.trim()}"%`} LIMIT 1`);
    if (alias) return alias;
    throw notFound('cve', id);
  }

  severityRank(s: string): number {
    return SEVERITY_RANK[s] ?? 0;
  }

  /** Distinct affected package names (for the question parser's vocabulary). */
  packages(limit = 5000): string[] {
    return this.q.column<string>(sql`SELECT DISTINCT package FROM vuln_affected LIMIT ${limit}`).map(normalizeName);
  }
}
