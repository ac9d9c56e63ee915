// Vulnerability exposure for the AI stack: imports feeds (streamed, in batches, each import recorded with
// its source and date) and the tech stack, matches the stack to the advisories, keeps each CVE's priority
// and SLA current, records status changes (audited), and tells the live stream when a critical CVE
// affecting the stack arrives (`new_critical_cve`).
import { readFile, stat } from 'node:fs/promises';
import type { Patch, PatchFilter, PatchStatus, StackEntry } from '@shared/contract/operations/vulns-schemas';
import type { Actor } from '@shared/domain/actor';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { SqlRunner } from '../db/sql';
import { invalid } from '../errors';
import type { EventLog } from '../events/event-log';
import type { Inventory } from '../inventory/inventory';
import { prefixedId } from '../util/ulid';
import { aiReason, descriptionRules } from './ai-relevance';
import { composeAnswer } from './ask-answer';
import { parseQuestion } from './ask-parser';
import { csvKind, csvRecords, documentKind, feedUnits, parseDocument, type FeedUnit, type UnitKind } from './feed-reader';
import { parseCve5, parseEpssLine, parseKevEntry, parseNvdItem, parseOsv } from './feed-parsers';
import { betterMatch, matchRule, type MatchResult } from './matching';
import { inventoryEntries } from './inventory-entries';
import { parseStack, type StackInput } from './stack-parsers';
import { addedAtIso, StackStore, type StackRow } from './stack-store';
import type { VulnRecord } from './types';
import { VulnStore, type FoundMatch } from './vuln-store';

const BATCH = 500;
const DAY = 86_400_000;

export interface VulnServiceDeps { sql: SqlRunner; clock: Clock; audit: AuditLog; events: EventLog; inventory: Inventory }

export interface FeedImportOptions { kind?: string; date?: string }

export interface FeedImportSummary {
  source: string;
  feeds: { id: string; kind: string; feed_date: string | null; records: number; new_records: number }[];
  records: number;
  new_records: number;
  rejected: { where: string; reason: string }[];
  rejected_count: number;
  skipped_files: number;
  ai_relevant: number;
  on_stack: number;
  new_critical_on_stack: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class VulnService {
  readonly store: VulnStore;
  readonly stack: StackStore;

  constructor(private readonly deps: VulnServiceDeps) {
    this.store = new VulnStore({ sql: deps.sql });
    this.stack = new StackStore({ sql: deps.sql });
  }

  // ---- feeds ----

  /** Imports every feed unit at a path (file, folder tree or zip), in batches; then rematches and rescores. */
  async importFeed(path: string, opts: FeedImportOptions, actor: Actor): Promise<FeedImportSummary> {
    if (opts.date !== undefined && !DATE.test(opts.date)) throw invalid('date', `must be YYYY-MM-DD, got '${opts.date}'`);
    if (opts.kind !== undefined && !['cve5', 'osv', 'nvd', 'kev', 'epss'].includes(opts.kind)) throw invalid('kind', `must be cve5, osv, nvd, kev or epss, got '${opts.kind}'`);
    const started = this.deps.clock.now();
    const counters = new Map<string, { id: string; kind: string; feed_date: string | null; records: number; new_records: number; rejected: number }>();
    const rejected: { where: string; reason: string }[] = [];
    let rejectedCount = 0;
    let skipped = 0;
    const reject = (where: string, reason: string) => {
      rejectedCount++;
      if (rejected.length < 50) rejected.push({ where, reason });
    };
    const feedOf = (kind: string) => {
      let f = counters.get(kind);
      if (!f) counters.set(kind, (f = { id: prefixedId('vfd', started), kind, feed_date: null, records: 0, new_records: 0, rejected: 0 }));
      return f;
    };
    const laterDate = (f: { feed_date: string | null }, d: string | null) => {
      if (d && (!f.feed_date || d > f.feed_date)) f.feed_date = d;
    };

    let batch: VulnRecord[] = [];
    const flush = () => {
      if (!batch.length) return;
      const items = batch;
      batch = [];
      const now = this.deps.clock.now();
      this.deps.sql.transaction(() => {
        for (const r of items) {
          const rules = r.affected.some((a) => a.kind !== 'cpe') ? r.affected : [...r.affected, ...descriptionRules(r.description)];
          const rec = rules === r.affected ? r : { ...r, affected: rules };
          const created = this.store.upsertRecord(rec, aiReason(rules, r.description), now);
          const f = feedOf(r.feed);
          f.records++;
          if (created) f.new_records++;
          laterDate(f, r.modified ? new Date(r.modified).toISOString().slice(0, 10) : null);
        }
      });
    };
    const add = (r: VulnRecord | null, where: string, kind: string) => {
      if (!r) return reject(where, `not a ${kind} record (or a rejected/withdrawn one)`);
      batch.push(r);
      if (batch.length >= BATCH) flush();
    };

    for await (const unit of feedUnits(path)) {
      const { kind, doc: parsedDoc } = await this.unitKind(unit, opts.kind);
      if (kind === 'unknown') {
        skipped++;
        continue;
      }
      try {
        if (kind === 'epss') await this.importEpss(unit, opts.date ?? null, feedOf('epss'), reject);
        else if (kind === 'kev' && unit.ext === '.csv') {
          // The CSV carries no release date: the newest dateAdded stands for the catalogue's date.
          const f = feedOf('kev');
          laterDate(f, await this.importKevRows(csvRecords(unit), f, unit.name, reject));
        }
        else {
          const doc = parsedDoc === undefined ? await parseDocument(unit) : parsedDoc;
          if (kind === 'kev') {
            const d = doc as { vulnerabilities: unknown[]; dateReleased?: string; catalogVersion?: string };
            const f = feedOf('kev');
            laterDate(f, (d.dateReleased ?? '').slice(0, 10) || (d.catalogVersion ?? '').replace(/\./g, '-') || null);
            await this.importKevRows(d.vulnerabilities, f, unit.name, reject);
          } else if (kind === 'nvd') {
            const d = doc as { vulnerabilities?: unknown[]; timestamp?: string };
            laterDate(feedOf('nvd'), typeof d.timestamp === 'string' ? d.timestamp.slice(0, 10) : null);
            (d.vulnerabilities ?? []).forEach((item, i) => add(parseNvdItem(item), `${unit.name} vulnerabilities[${i}]`, 'NVD 2.0'));
          } else if (kind === 'cve5') add(parseCve5(doc), unit.name, 'CVE JSON 5');
          else if (kind === 'osv') {
            if (Array.isArray(doc)) doc.forEach((d, i) => add(parseOsv(d), `${unit.name}[${i}]`, 'OSV'));
            else add(parseOsv(doc), unit.name, 'OSV');
          }
        }
      } catch (err) {
        reject(unit.name, `could not be read: ${(err as Error).message}`);
      }
    }
    flush();
    for (const f of counters.values()) if (f.kind === 'epss' && opts.date) f.feed_date = opts.date;

    // One entry per feed read, then the matches and scores of everything the import touched.
    const now = this.deps.clock.now();
    const result = this.deps.audit.record(actor, 'vulns.importFeed', { path, kind: opts.kind ?? null, date: opts.date ?? null }, () => {
      for (const f of counters.values()) this.store.recordFeed({ id: f.id, kind: f.kind, source: path, feed_date: f.feed_date, imported_at: now, records: f.records, new_records: f.new_records, rejected: f.rejected });
      this.syncInventory(now);
      const rematch = this.rematchAll(now);
      const fresh = [...rematch.newlyOnStack].filter((id) => this.store.unscored(id) && this.store.severityOf(id) === 'critical');
      this.refreshStale(now);
      for (const id of fresh) this.announceCritical(id);
      return { fresh, onStack: this.store.stats(now).in_stack };
    }, (r) => ({ feeds: [...counters.values()].map((f) => ({ kind: f.kind, records: f.records, new_records: f.new_records })), rejected: rejectedCount, new_critical_on_stack: r.fresh }));
    const stats = this.store.stats(now);
    return {
      source: path, feeds: [...counters.values()].map(({ id, kind, feed_date, records, new_records }) => ({ id, kind, feed_date, records, new_records })),
      records: [...counters.values()].reduce((s, f) => s + f.records, 0), new_records: [...counters.values()].reduce((s, f) => s + f.new_records, 0),
      rejected, rejected_count: rejectedCount, skipped_files: skipped, ai_relevant: stats.ai_relevant, on_stack: result.onStack, new_critical_on_stack: result.fresh,
    };
  }

  /** The unit's kind, and for JSON and YAML the document itself (parsed once). */
  private async unitKind(unit: FeedUnit, forced: string | undefined): Promise<{ kind: UnitKind; doc?: unknown }> {
    if (unit.ext === '.csv') {
      if (forced === 'epss' || forced === 'kev') return { kind: forced };
      for await (const line of unit.lines()) if (line.trim()) return { kind: csvKind(line) };
      return { kind: 'unknown' };
    }
    if (forced === 'epss') return { kind: 'unknown' };
    let doc: unknown;
    try {
      doc = await parseDocument(unit);
    } catch {
      return { kind: 'unknown' };
    }
    if (forced) return { kind: forced as UnitKind, doc };
    if (unit.ext === '.yaml' || unit.ext === '.yml') return { kind: 'osv', doc };
    return { kind: Array.isArray(doc) ? (doc.length && documentKind(doc[0]) === 'osv' ? 'osv' : 'unknown') : documentKind(doc), doc };
  }

  private async importEpss(unit: FeedUnit, date: string | null, f: { id: string; feed_date: string | null; records: number; new_records: number }, reject: (w: string, r: string) => void): Promise<void> {
    let scoreDate = date;
    if (!scoreDate && !unit.name.includes('!')) {
      // The mirror's CSVs carry no date: the file's own modification date stands for it (recorded as such).
      scoreDate = (await stat(unit.name)).mtime.toISOString().slice(0, 10);
    }
    let rows: { cve_id: string; epss: number; percentile: number }[] = [];
    let lineNo = 0;
    const write = () => {
      const items = rows;
      rows = [];
      this.deps.sql.transaction(() => {
        for (const e of items) {
          if (this.store.upsertEpss(e, scoreDate, f.id)) f.new_records++;
          this.store.markUnscored(e.cve_id);
          f.records++;
        }
      });
    };
    for await (const line of unit.lines()) {
      lineNo++;
      const m = /score_date:(\d{4}-\d{2}-\d{2})/.exec(line);
      if (m) {
        if (!date) scoreDate = m[1];
        continue;
      }
      if (!line.trim() || line.startsWith('#') || /^cve[,;]/i.test(line)) continue;
      const e = parseEpssLine(line);
      if (!e) {
        reject(`${unit.name} line ${lineNo}`, 'not a CVE,epss,percentile row');
        continue;
      }
      rows.push(e);
      if (rows.length >= BATCH * 4) write();
    }
    write();
    if (scoreDate && (!f.feed_date || scoreDate > f.feed_date)) f.feed_date = scoreDate;
  }

  /** Writes KEV entries in batches; returns the newest dateAdded seen. */
  private async importKevRows(rows: Iterable<unknown> | AsyncIterable<unknown>, f: { id: string; records: number; new_records: number }, where: string, reject: (w: string, r: string) => void): Promise<string | null> {
    let pending: ReturnType<typeof parseKevEntry>[] = [];
    let i = 0;
    let newest: string | null = null;
    const write = () => {
      const items = pending;
      pending = [];
      this.deps.sql.transaction(() => {
        for (const e of items) {
          if (!e) continue;
          if (this.store.upsertKev(e, f.id)) f.new_records++;
          this.store.markUnscored(e.cve_id);
          f.records++;
        }
      });
    };
    for await (const row of rows as AsyncIterable<unknown>) {
      const e = parseKevEntry(row);
      if (!e) reject(`${where} [${i}]`, 'not a KEV entry (cveID and dateAdded are required)');
      else {
        pending.push(e);
        if (!newest || e.date_added > newest) newest = e.date_added;
      }
      i++;
      if (pending.length >= BATCH) write();
    }
    write();
    return newest;
  }

  // ---- stack ----

  importStack(content: string, format: string | undefined, source: string | undefined, actor: Actor): { format: string; imported: number; added: number; rejected: { where: string; reason: string }[]; entries: StackEntry[]; matched_cves: number } {
    const parsed = parseStack(content, format);
    const now = this.deps.clock.now();
    return this.deps.audit.record(actor, 'vulns.importStack', { format: parsed.format, entries: parsed.entries.length, source: source ?? parsed.format }, () => {
      this.syncInventory(now);
      const { ids, added } = this.stack.upsert(parsed.entries, source ?? parsed.format, now);
      const { changed } = this.rematch(ids, now);
      this.store.refreshExposure(changed, now);
      const counts = this.store.openMatchCounts();
      const imported = new Set(ids);
      const entries = this.stack.all().filter((r) => imported.has(r.id)).map((r) => this.entryView(r, counts));
      return { format: parsed.format, imported: parsed.entries.length, added, rejected: parsed.rejected, entries, matched_cves: entries.reduce((s, e) => s + e.open_cves, 0) };
    }, (r) => ({ imported: r.imported, added: r.added, rejected: r.rejected.length }));
  }

  async importStackFile(path: string, format: string | undefined, actor: Actor): Promise<ReturnType<VulnService['importStack']>> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      throw invalid('path', `cannot read ${path}`);
    }
    return this.importStack(text, format, undefined, actor);
  }

  listStack(): { entries: StackEntry[]; total: number } {
    const counts = this.store.openMatchCounts();
    const entries = this.stack.all().map((r) => this.entryView(r, counts));
    return { entries, total: entries.length };
  }

  deleteStack(id: string, actor: Actor): { deleted: StackEntry; cves_no_longer_on_stack: number } {
    const now = this.deps.clock.now();
    return this.deps.audit.record(actor, 'vulns.deleteStack', { id }, () => {
      const row = this.stack.get(id);
      const counts = this.store.openMatchCounts();
      const view = this.entryView(row, counts);
      this.stack.delete(id);
      const cves = this.store.dropMatchesOf(id);
      this.store.refreshExposure(cves, now);
      const still = cves.filter((c) => this.store.get(c).in_stack).length;
      return { deleted: view, cves_no_longer_on_stack: cves.length - still };
    });
  }

  private entryView(r: StackRow, counts: Map<string, number>): StackEntry {
    return {
      id: r.id, technology: r.technology, version: r.version, vendor: r.vendor, asset_count: r.asset_count, package: r.package, ecosystem: r.ecosystem,
      purl: r.purl, source: r.source, added_at: addedAtIso(r), open_cves: counts.get(r.id) ?? 0,
    };
  }

  /** Entries added from elsewhere (inventory firmware, workload images) under their own source, replacing that source's earlier ones. */
  replaceSourceEntries(source: string, entries: readonly StackInput[], now: number): void {
    const old = this.stack.idsFromSource(source);
    const { ids } = this.stack.upsert(entries, source, now);
    const kept = new Set(ids);
    const gone = old.filter((id) => !kept.has(id));
    const touched = new Set<string>();
    for (const id of gone) {
      this.stack.delete(id);
      for (const c of this.store.dropMatchesOf(id)) touched.add(c);
    }
    for (const c of this.rematch(ids, now).changed) touched.add(c);
    this.store.refreshExposure(touched, now);
  }

  // ---- matching ----

  /** Matches these stack entries against every advisory naming their packages; stores the result. */
  rematch(stackIds: readonly string[], now: number): { changed: Set<string>; newlyOnStack: Set<string>; matches: number } {
    // A Set: includes() on the list made an import of n entries O(n²) (30,000 took 3.7 s, 90,000 21 s).
    const wanted = new Set(stackIds);
    const entries = this.stack.all().filter((r) => wanted.has(r.id));
    return this.matchEntries(entries, now);
  }

  /** The inventory's device firmware and workload images as stack entries (sources `device`, `workload`), their matches current. */
  syncInventory(now: number): void {
    const { devices, workloads } = inventoryEntries(this.deps.inventory);
    this.replaceSourceEntries('device', devices, now);
    this.replaceSourceEntries('workload', workloads, now);
  }

  rematchAll(now: number): { changed: Set<string>; newlyOnStack: Set<string>; matches: number } {
    return this.matchEntries(this.stack.all(), now);
  }

  private matchEntries(entries: StackRow[], now: number): { changed: Set<string>; newlyOnStack: Set<string>; matches: number } {
    const byPackage = new Map<string, StackRow[]>();
    for (const e of entries) {
      const same = byPackage.get(e.package);
      if (same) same.push(e);
      else byPackage.set(e.package, [e]);
    }
    const best = new Map<string, FoundMatch>();
    for (const { cve_id, feed, rule } of this.store.rulesFor([...byPackage.keys()])) {
      for (const e of byPackage.get(rule.package) ?? []) {
        const m = matchRule({ id: e.id, package: e.package, version: e.version, ecosystem: e.ecosystem }, rule);
        if (!m) continue;
        const key = `${cve_id}\u0000${e.id}`;
        const prev = best.get(key);
        const chosen: MatchResult | null = betterMatch(prev?.match ?? null, m);
        if (chosen && chosen !== prev?.match) best.set(key, { cve_id, stack_id: e.id, technology: e.technology, version: e.version, feed: feed.split(':')[0], match: chosen });
      }
    }
    const found = [...best.values()];
    const r = this.store.replaceMatches(entries.map((e) => e.id), found, now);
    return { ...r, matches: found.length };
  }

  /** Scores every CVE an import left unscored. */
  private refreshStale(now: number): void {
    for (let ids = this.store.staleIds(1, 5000); ids.length; ids = this.store.staleIds(1, 5000)) this.store.refreshExposure(ids, now);
  }

  /** The daily rescoring (age moves): CVEs scored before today, a slice per call. Returns how many. */
  rescoreStale(limit = 20_000): number {
    const now = this.deps.clock.now();
    const ids = this.store.staleIds(now - DAY, limit);
    if (ids.length) this.deps.sql.transaction(() => this.store.refreshExposure(ids, now));
    return ids.length;
  }

  private announceCritical(cveId: string): void {
    const p = this.store.get(cveId);
    this.deps.events.append({
      event_type: 'new_critical_cve', severity: 'critical', entity_id: p.cve_id,
      data: {
        cve_id: p.cve_id, title: p.title ?? p.description?.slice(0, 160) ?? null, priority: p.priority, cvss: p.cvss?.score ?? null,
        kev: p.kev !== null, due: p.sla.due, stack: p.matches.map((m) => `${m.technology}${m.version ? ` ${m.version}` : ''}`),
      },
    });
  }

  // ---- patches ----

  patches(filter: PatchFilter, limit: number, offset: number): { patches: Patch[]; total: number } {
    return this.store.list(filter, limit, offset, this.deps.clock.now());
  }

  show(cveId: string): { patch: Patch; advisories: { feed: string; rule: unknown }[] } {
    const patch = this.store.get(cveId);
    return { patch, advisories: this.store.rulesOf(patch.cve_id) };
  }

  stats(): ReturnType<VulnStore['stats']> {
    return this.store.stats(this.deps.clock.now());
  }

  setStatus(cveId: string, status: PatchStatus, reason: string | null, stackId: string | null, actor: Actor): { patch: Patch; previous: Patch['status'] } {
    if (status === 'wont_fix' && !reason) throw invalid('reason', "is required for wont_fix: say why the CVE will not be fixed");
    const id = this.store.resolveId(cveId);
    const now = this.deps.clock.now();
    return this.deps.audit.record(actor, 'vulns.setStatus', { cve_id: id, status, reason, stack_id: stackId }, () => {
      const previous = this.store.setStatus(id, stackId, status, reason, now) as Patch['status'];
      this.store.refreshExposure([id], now);
      return { patch: this.store.get(id), previous };
    }, (r) => ({ previous: r.previous, status }));
  }

  /** The question bar: the question parsed locally into a filter, run, and answered in 2–4 sentences citing CVE ids. */
  ask(question: string): { question: string; answer: string; filter: PatchFilter; understood: string[]; cves: string[]; total: number; patches: Patch[] } {
    const parsed = parseQuestion(question, this.deps.clock.now(), this.store.packages());
    const { patches, total } = this.patches(parsed.filter, parsed.limit, 0);
    return { question, answer: composeAnswer(parsed.filter, patches, total), filter: parsed.filter, understood: parsed.understood, cves: patches.map((p) => p.cve_id), total, patches };
  }

  feedsImported(): { id: string; kind: string; source: string; feed_date: string | null; imported_at: string; records: number; new_records: number }[] {
    return this.store.feeds().map((f) => ({ ...f, imported_at: new Date(f.imported_at).toISOString() }));
  }
}
