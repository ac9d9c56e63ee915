// Shadow-AI discovery as the rest of the engine sees it: the ingest observer that turns each committed
// batch of network events into sightings (and keeps them current with the catalogue: when its version
// changes, sightings are re-derived from stored telemetry), the list/show/approve/review answers with
// the spec's risk levels, the extension's reports, the `new_shadow_asset` and `pii_spike` signals
// (event log + AI anomalies), and the Shadow AI score the AI posture composite uses.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { OpOutput, OpParsedInput } from '@shared/contract/index';
import type { ShadowService } from '@shared/contract/operations/shadow-ai';
import type { Actor } from '@shared/domain/actor';
import type { AiChannel, PiiCategory, ShadowRiskLevel, SightingSource } from '@shared/domain/shadow-ai';
import { UNKNOWN_SERVICE_PREFIX } from '@shared/domain/shadow-ai';
import type { AttributedEvent } from '@shared/domain/telemetry';
import { isoOrNull, parseTimestamp } from '@shared/domain/time';
import type { AiAnomalyStore } from '../ai-anomalies/ai-anomaly-store';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { SqlRunner } from '../db/sql';
import { invalid, notFound } from '../errors';
import type { EventLog } from '../events/event-log';
import { eventFromRow } from '../ingest/event-row';
import type { IngestObserver } from '../ingest/ingest-types';
import type { TelemetryStore } from '../ingest/telemetry-store';
import type { Inventory } from '../inventory/inventory';
import { Catalogue, type CatalogueService } from './catalogue';
import { copilotDeltas, parseCopilotExport } from './copilot-import';
import { HostClassifier, normalizeHost } from './classifier';
import { addSighting, Discovery, emptyDeltas, type Deltas } from './discovery';
import { assessRisk, shadowScore, type ScoreFactor } from './risk';
import { HOUR_MS, ShadowAiStore, type ApprovalRow, type ServiceTotals } from './shadow-ai-store';

export interface ShadowAiDeps {
  sql: SqlRunner; clock: Clock; audit: AuditLog; events: EventLog; anomalies: AiAnomalyStore; telemetry: TelemetryStore; inventory: Inventory;
}

/** PII detections for one service within PII_SPIKE_WINDOW_MS at or above this raise `pii_spike`. */
const PII_SPIKE_THRESHOLD = 5;
const PII_SPIKE_WINDOW_MS = HOUR_MS;
const RETRO_PAGE = 5_000;
const VERSION_KEY = 'catalogue_version';
const ORG_KEY = 'org_key';
const digest = (s: string) => createHash('sha256').update(s).digest();
const DAY = 86_400_000;
const RISK_ORDER: Record<ShadowRiskLevel, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export interface ShadowDimension { assessed: boolean; score: number | null; why: string; factors: ScoreFactor[] }

export class ShadowAiService {
  readonly store: ShadowAiStore;
  private catalogueCache: Catalogue | null = null;
  private classifierCache: HostClassifier | null = null;
  private discovery: Discovery | null = null;
  /** The ingest observer: discovery as each batch commits, inside its transaction. */
  readonly observer: IngestObserver;

  constructor(private readonly deps: ShadowAiDeps) {
    this.store = new ShadowAiStore(deps.sql);
    this.observer = { onBatch: (events) => this.onBatch(events) };
  }

  catalogue(): Catalogue {
    if (!this.catalogueCache) {
      const custom = this.store.customServices();
      const dismissed = this.store.dismissedDomains();
      const mark = [custom.length && `analyst.${custom.length}`, dismissed.length && `dismissed.${dismissed.length}`].filter(Boolean).join('+');
      this.catalogueCache = new Catalogue(custom, mark);
      this.classifierCache = new HostClassifier(this.catalogueCache, new Set(dismissed));
      this.discovery = new Discovery(this.classifierCache);
    }
    return this.catalogueCache;
  }

  classifier(): HostClassifier {
    this.catalogue();
    return this.classifierCache as HostClassifier;
  }

  private invalidate(): void {
    this.catalogueCache = null;
    this.classifierCache = null;
    this.discovery = null;
  }

  /**
   * Re-derives the sightings when they were made with another catalogue version. True when it ran. The
   * stored version is read each time (one row): another process (the CLI) may have classified or dismissed
   * a name, and this one then reloads the catalogue before judging.
   */
  ensureCurrent(): boolean {
    if (this.store.state(VERSION_KEY) === this.catalogue().version) return false;
    this.invalidate();
    return this.deps.sql.transaction(() => {
      if (this.store.state(VERSION_KEY) === this.catalogue().version) return false;
      this.retroDiscover();
      return true;
    });
  }

  /** Retro-discovery: network sightings and pending review items re-derived from every stored network event. */
  private retroDiscover(): void {
    const before = new Set(this.store.totals().map((t) => t.service_id));
    this.store.clearNetwork();
    this.discovery = new Discovery(this.classifier());
    let after = 0;
    for (;;) {
      const rows = this.deps.telemetry.networkEventsAfter(after, RETRO_PAGE);
      if (!rows.length) break;
      after = rows[rows.length - 1].id;
      this.apply(this.discovery.collect(rows.map(eventFromRow)), before);
    }
    this.store.setState(VERSION_KEY, this.catalogue().version);
  }

  private onBatch(events: AttributedEvent[]): void {
    // A catalogue change re-derives everything stored, this batch included (its rows are already in).
    if (this.ensureCurrent()) return;
    this.catalogue();
    const d = (this.discovery as Discovery).collect(events);
    if (d.sightings.size || d.candidates.size) this.apply(d);
  }

  /** Writes a batch's deltas and signals what is new (`announced`: services already known before a re-derivation). */
  private apply(d: Deltas, announced?: ReadonlySet<string>): void {
    const fresh = this.store.addSightings(d.sightings.values());
    this.store.addTimeline(d.timeline.values());
    for (const c of d.candidates.values()) this.store.upsertReview(c.domain, c.host, c.reason, c.first, c.last, c.count);
    if (!fresh.size) return;
    const approved = new Set(this.store.approvals().map((a) => a.service_id));
    for (const id of fresh) {
      if (approved.has(id) || announced?.has(id)) continue;
      const first = [...d.sightings.values()].find((s) => s.service_id === id);
      this.announceNew(id, first?.host ?? id, first?.first ?? this.deps.clock.now(), d.candidates.get(id.slice(UNKNOWN_SERVICE_PREFIX.length))?.reason);
    }
  }

  private announceNew(id: string, host: string, ts: number, heuristic?: string): void {
    const unknown = id.startsWith(UNKNOWN_SERVICE_PREFIX);
    const svc = unknown ? null : this.catalogue().services.get(id);
    const name = svc?.name ?? id.slice(UNKNOWN_SERVICE_PREFIX.length);
    const { level, reason } = assessRisk({ unknown, approved: null, pii: {}, name, audience: svc?.audience ?? 'unknown', kind: svc?.kind ?? 'unknown', classified: svc?.classified ?? false, reason: heuristic });
    this.deps.events.append({ event_type: 'shadow_ai', severity: level === 'HIGH' ? 'high' : 'medium', data: { signal: 'new_shadow_asset', service_id: id, name, host, risk: level, reason, first_seen: isoOrNull(ts) } });
    this.deps.anomalies.report({
      subject_kind: 'ai_service', subject_id: id, subject_name: name, type: 'unapproved_ai_service', severity: level === 'HIGH' ? 'high' : 'medium', confidence: unknown ? 0.6 : 0.95,
      description: `Unregistered AI service in use: ${name} (${host}). ${reason}`,
      recommended_action: unknown ? 'Review it in the Shadow AI panel: classify it as an AI service or dismiss it' : 'Approve it in the Shadow AI panel (Settings → Assets) or block it',
      evidence: { signal: 'new_shadow_asset', host, risk: level }, detected_at: ts,
    });
  }

  // ---- reads --------------------------------------------------------------------------------------

  private approvalsMap(): Map<string, ApprovalRow> {
    return new Map(this.store.approvals().map((a) => [a.service_id, a]));
  }

  private piiMap(): Map<string, Partial<Record<PiiCategory, number>>> {
    const m = new Map<string, Partial<Record<PiiCategory, number>>>();
    for (const r of this.store.piiTotals()) {
      const e = m.get(r.service_id) ?? {};
      e[r.category as PiiCategory] = r.count;
      m.set(r.service_id, e);
    }
    return m;
  }

  private toService(t: ServiceTotals, approvals: Map<string, ApprovalRow>, pii: Map<string, Partial<Record<PiiCategory, number>>>, review: Map<string, string>): ShadowService {
    const unknown = t.service_id.startsWith(UNKNOWN_SERVICE_PREFIX);
    const svc: CatalogueService | undefined = unknown ? undefined : this.catalogue().services.get(t.service_id);
    const a = approvals.get(t.service_id);
    const p = pii.get(t.service_id) ?? {};
    const domain = t.service_id.slice(UNKNOWN_SERVICE_PREFIX.length);
    const { level, reason } = assessRisk({
      unknown: unknown || !svc, approved: a ? { owner: a.owner, data_classes: JSON.parse(a.data_classes) as string[], approved_by: a.approved_by } : null,
      pii: p, name: svc?.name ?? domain, audience: svc?.audience ?? 'unknown', kind: svc?.kind ?? 'unknown', classified: svc?.classified ?? false, reason: review.get(domain),
    });
    return {
      id: t.service_id, name: svc?.name ?? domain, vendor: svc?.vendor ?? null, kind: svc?.kind ?? null, audience: svc?.audience ?? null,
      classified: svc?.classified ?? false, registered: a !== undefined, risk: level, risk_reason: reason,
      users: t.users, devices: t.devices, count: t.count, bytes_up: t.bytes_up,
      first_seen: isoOrNull(t.first_seen) as string, last_seen: isoOrNull(t.last_seen) as string,
      channels: (t.channels ?? '').split(',').filter(Boolean) as AiChannel[], sources: (t.sources ?? '').split(',').filter(Boolean) as SightingSource[],
      pii: p, terms: svc?.terms ?? null,
    };
  }

  services(): ShadowService[] {
    this.ensureCurrent();
    const approvals = this.approvalsMap();
    const pii = this.piiMap();
    const review = new Map(this.store.review('all').map((r) => [r.domain, r.reason]));
    return this.store.totals().map((t) => this.toService(t, approvals, pii, review))
      .sort((a, b) => RISK_ORDER[a.risk] - RISK_ORDER[b.risk] || b.users - a.users || b.count - a.count || a.id.localeCompare(b.id));
  }

  list(input: OpParsedInput<'shadowai.list'>): OpOutput<'shadowai.list'> {
    const services = this.services().filter((s) => (input.risk === undefined || s.risk === input.risk) && (input.registered === undefined || s.registered === input.registered));
    return { services, catalogue_version: this.catalogue().version, review_pending: this.store.review('pending').length };
  }

  private serviceOrThrow(id: string): ShadowService {
    const s = this.services().find((x) => x.id === id);
    if (!s) throw notFound('service_id', id);
    return s;
  }

  get(id: string): OpOutput<'shadowai.get'> {
    const service = this.serviceOrThrow(id);
    const svc = this.catalogue().services.get(id);
    const domains = svc?.domains ?? [id.slice(UNKNOWN_SERVICE_PREFIX.length)];
    const sightings = this.store.sightingsOf(id);
    const devices = [...new Set(sightings.filter((s) => s.entity_type === 'device').map((s) => s.entity_id))];
    const first = Math.min(...sightings.map((s) => s.first_seen));
    const users = new Set(sightings.map((s) => s.user_id).filter(Boolean));
    if (devices.length) for (const u of this.deps.inventory.usersActiveOn(devices, first - 30 * DAY)) users.add(u);
    const a = this.approvalsMap().get(id);
    return {
      service, domains,
      block_destinations: domains.filter((d) => !d.includes(':')).flatMap((d) => [d, `*.${d}`]),
      approval: a ? { owner: a.owner, data_classes: JSON.parse(a.data_classes) as string[], note: a.note, approved_by: a.approved_by, approved_at: isoOrNull(a.approved_at) as string } : null,
      sightings: sightings.map((s) => ({
        channel: s.channel as AiChannel, source: s.source, entity_type: s.entity_type || null, entity_id: s.entity_id || null, user_id: s.user_id || null,
        first_seen: isoOrNull(s.first_seen) as string, last_seen: isoOrNull(s.last_seen) as string, count: s.count, bytes_up: s.bytes_up, example_host: s.example_host,
      })),
      users: [...users].sort(),
      timeline: this.store.timelineOf(id).map((t) => ({ hour: isoOrNull(t.hour) as string, count: t.count, bytes_up: t.bytes_up })),
    };
  }

  catalogueInfo(): OpOutput<'shadowai.catalogue'> {
    const c = this.catalogue();
    return {
      version: c.version, provenance: c.listsSource,
      services: [...c.services.values()].map((s) => ({ id: s.id, name: s.name, vendor: s.vendor, kind: s.kind, audience: s.audience, classified: s.classified, source: s.source, region: s.region, terms: s.terms, domains: s.domains })),
    };
  }

  // ---- decisions ----------------------------------------------------------------------------------

  approve(input: OpParsedInput<'shadowai.approve'>, actor: Actor): OpOutput<'shadowai.approve'> {
    this.serviceOrThrow(input.service_id);
    this.deps.audit.record(actor, 'shadowai.approve', input, () => {
      this.store.approve({ service_id: input.service_id, owner: input.owner ?? null, data_classes: JSON.stringify(input.data_classes), note: input.note ?? null, approved_by: actor.id, approved_at: this.deps.clock.now() });
      this.deps.anomalies.resolveOpen(`ai_service:${input.service_id}:unapproved_ai_service`, 'approved: registered as an approved AI service', actor);
    });
    return { service: this.serviceOrThrow(input.service_id) };
  }

  revoke(id: string, actor: Actor): OpOutput<'shadowai.revoke'> {
    const revoked = this.deps.audit.record(actor, 'shadowai.revoke', { service_id: id }, () => this.store.revoke(id));
    return { service: this.services().find((s) => s.id === id) ?? null, revoked };
  }

  review(status: OpParsedInput<'shadowai.review'>['status']): OpOutput<'shadowai.review'> {
    this.ensureCurrent();
    return { items: this.store.review(status).map((r) => this.reviewItem(r.domain)) };
  }

  private reviewItem(domain: string): OpOutput<'shadowai.review'>['items'][number] {
    const r = this.store.reviewItem(domain);
    if (!r) throw notFound('domain', domain);
    return { ...r, first_seen: isoOrNull(r.first_seen) as string, last_seen: isoOrNull(r.last_seen) as string, decided_at: isoOrNull(r.decided_at) };
  }

  decide(input: OpParsedInput<'shadowai.decide'>, actor: Actor): OpOutput<'shadowai.decide'> {
    this.ensureCurrent();
    const domain = normalizeHost(input.domain);
    if (!this.store.reviewItem(domain)) throw notFound('domain', domain);
    let serviceId: string | null = null;
    this.deps.audit.record(actor, 'shadowai.decide', input, () => {
      const now = this.deps.clock.now();
      if (input.action === 'classify') {
        serviceId = `analyst-${domain}`;
        if (this.catalogue().services.has(serviceId)) throw invalid('domain', `'${domain}' is already a catalogue service`);
        this.store.addCustomService({ id: serviceId, name: input.name ?? domain, vendor: input.vendor ?? input.name ?? domain, kind: input.kind ?? 'chat', audience: input.audience ?? 'consumer', domains: [domain] }, actor.id, now);
      }
      this.store.decideReview(domain, input.action === 'classify' ? 'classified' : 'dismissed', actor.id, now, input.note ?? null);
      this.deps.anomalies.resolveOpen(`ai_service:${UNKNOWN_SERVICE_PREFIX}${domain}:unapproved_ai_service`, input.action === 'classify' ? `classified as ${serviceId}` : 'dismissed: not an AI service', actor);
      this.invalidate();
      // The catalogue changed (its version counts classifications and dismissals): every stored event is examined again.
      this.ensureCurrent();
    });
    return { item: this.reviewItem(domain), service_id: serviceId, catalogue_version: this.catalogue().version };
  }

  // ---- the extension -----------------------------------------------------------------------------

  extensionReport(input: OpParsedInput<'shadowai.extensionReport'>, actor: Actor): OpOutput<'shadowai.extensionReport'> {
    this.ensureCurrent();
    const d = emptyDeltas();
    const pii: { service_id: string; category: string; entity_id: string; user_id: string; hour: number; count: number }[] = [];
    let ignored = 0;
    const entity = `browser:${input.browser_id}`;
    for (const e of input.events) {
      const ts = parseTimestamp(e.ts);
      const host = normalizeHost(e.domain);
      const c = this.classifier().classify(host);
      if (c === null) { ignored++; continue; }
      const serviceId = c.known ? c.service.id : `${UNKNOWN_SERVICE_PREFIX}${c.domain}`;
      addSighting(d, { service_id: serviceId, channel: c.known ? c.channel : 'web', source: 'extension', entity_type: 'browser', entity_id: entity, user_id: input.user ?? '', ts, bytes_up: 0, host });
      if (!c.known) d.candidates.set(c.domain, { domain: c.domain, host, reason: c.reason, first: ts, last: ts, count: 1 });
      for (const [cat, n] of Object.entries(e.pii ?? {})) if (n > 0) pii.push({ service_id: serviceId, category: cat, entity_id: entity, user_id: input.user ?? '', hour: Math.floor(ts / HOUR_MS) * HOUR_MS, count: n });
    }
    this.deps.audit.record(actor, 'shadowai.extensionReport', { browser_id: input.browser_id, events: input.events.length }, () => {
      this.apply(d);
      this.store.addPii(pii);
      for (const id of new Set(pii.map((p) => p.service_id))) this.checkPiiSpike(id);
    });
    return { accepted: input.events.length - ignored, ignored };
  }

  /** The org key extensions report with: made on first use (or when rotating), audited. */
  orgKey(rotate: boolean, actor: Actor): OpOutput<'shadowai.orgKey'> {
    const existing = this.store.state(ORG_KEY);
    if (existing && !rotate) return { org_key: existing, created: false };
    const key = `tmo_${randomBytes(24).toString('base64url')}`;
    this.deps.audit.record(actor, 'shadowai.orgKey', { rotate }, () => this.store.setState(ORG_KEY, key));
    return { org_key: key, created: true };
  }

  /** Whether a presented org key is the current one (constant time); false while none was made. */
  checkOrgKey(presented: string): boolean {
    const key = this.store.state(ORG_KEY);
    return key !== undefined && timingSafeEqual(digest(key), digest(presented));
  }

  /** `pii_spike`: PII detections for a service over the threshold in the window (as of the clock). */
  private checkPiiSpike(serviceId: string): void {
    const now = this.deps.clock.now();
    const n = this.store.piiCountSince(serviceId, Math.floor((now - PII_SPIKE_WINDOW_MS) / HOUR_MS) * HOUR_MS);
    if (n < PII_SPIKE_THRESHOLD) return;
    const name = this.catalogue().services.get(serviceId)?.name ?? serviceId;
    const { created } = this.deps.anomalies.report({
      subject_kind: 'ai_service', subject_id: serviceId, subject_name: name, type: 'pii_spike', severity: 'high', confidence: 0.9,
      description: `${n} PII detections in uploads to ${name} within an hour (threshold ${PII_SPIKE_THRESHOLD})`,
      recommended_action: 'Find out who uploads personal data there; block the service or approve it for those data classes', evidence: { signal: 'pii_spike', detections: n, window_ms: PII_SPIKE_WINDOW_MS },
    });
    if (created) this.deps.events.append({ event_type: 'shadow_ai', severity: 'high', data: { signal: 'pii_spike', service_id: serviceId, name, detections: n, threshold: PII_SPIKE_THRESHOLD } });
  }

  /** A Microsoft 365 unified audit log export: CopilotInteraction records as sightings per user and app. */
  importCopilot(path: string, actor: Actor): OpOutput<'shadowai.importCopilot'> {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw invalid('path', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const parsed = parseCopilotExport(text, path);
    this.ensureCurrent();
    this.deps.audit.record(actor, 'shadowai.importCopilot', { path, copilot: parsed.copilot.length }, () => this.apply(copilotDeltas(parsed.copilot)));
    const tally = (xs: string[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});
    return {
      records: parsed.records, copilot: parsed.copilot.length, skipped: parsed.skipped, users: new Set(parsed.copilot.map((r) => r.user)).size,
      apps: tally(parsed.copilot.map((r) => r.app)), contexts: tally(parsed.copilot.flatMap((r) => r.contexts)),
    };
  }

  // ---- the score ----------------------------------------------------------------------------------

  /** The Shadow AI dimension of AI posture: "not assessed" while there is no discovery data. */
  dimension(): ShadowDimension {
    const all = this.services();
    if (!all.length && !this.store.hasAny()) return { assessed: false, score: null, why: 'No shadow-AI discovery data yet (network telemetry, browser extension or Copilot logs): AI services in use are not assessed', factors: [] };
    const newest = Math.max(...all.map((s) => Date.parse(s.last_seen)));
    const inUse = all.filter((s) => Date.parse(s.last_seen) >= newest - 30 * DAY);
    const { score, factors } = shadowScore(inUse);
    const unregistered = inUse.filter((s) => !s.registered).length;
    const high = inUse.filter((s) => s.risk === 'HIGH').length;
    return { assessed: true, score, why: `100 minus ${unregistered} unregistered AI service${unregistered === 1 ? '' : 's'} in use (${high} HIGH risk), weighted by users and volume`, factors };
  }
}
