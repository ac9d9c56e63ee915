// Incidents: groups related anomalies as they are reported (inside the ingest batch's transaction, so
// the anomaly's event already carries its incident_id), keeps each incident's summary and timeline,
// and lets analysts contain and close them. Closing runs the registered close hooks (the policy engine
// releases devices isolated during the incident there).
import type { Actor } from '@shared/domain/actor';
import type { IncidentStatus } from '@shared/domain/enums';
import type { AnomalyChange, AnomalyStore } from '../anomalies/anomaly-store';
import { SEVERITY_RANK, type Anomaly } from '../anomalies/types';
import type { AuditLog } from '../audit/audit-log';
import type { Clock } from '../clock';
import type { SqlRunner } from '../db/sql';
import { UserError, notFound } from '../errors';
import type { EventLog } from '../events/event-log';
import type { Inventory } from '../inventory/inventory';
import type { Logger } from '../log';
import type { BatchOutcome } from '../pipeline/continuous-pipeline';
import { prefixedId } from '../util/ulid';
import { entityKey, indicatorsOf, opensIncident, type ResolveAddress } from './anomaly-facts';
import { isSilence, matchIncidents, summarize, type MatchRule } from './grouping';
import { IncidentStore, summaryOf, toIncident, type IncidentQuery, type IncidentRow } from './incident-store';
import { DEFAULT_GROUPING, type CloseHook, type GroupingConfig, type Incident, type IncidentDetail, type IncidentSummary } from './types';

export interface IncidentDeps {
  sql: SqlRunner; clock: Clock; log: Logger; audit: AuditLog; events: EventLog; anomalies: AnomalyStore; inventory: Inventory;
  grouping?: GroupingConfig;
}

export interface CloseOptions { resolution?: string | null; release_quarantined_devices?: boolean }

const SYSTEM: Actor = { type: 'system', id: 'incidents' };
const UNSETTLED = new Set<Anomaly['status']>(['open', 'acknowledged']);
const ms = (iso: string) => Date.parse(iso);
const who = (a: Actor) => `${a.type} ${a.name ? `${a.name} (${a.id})` : a.id}`;
/** How many anomalies an incident holds, from its summary (targets hold none). */
const memberCount = (s: IncidentSummary) => s.entities.reduce((n, e) => n + e.anomaly_count, 0);
const line = (a: Anomaly) => `${a.severity} ${a.type} on ${a.entity_id}: ${a.description}`;

export class IncidentService {
  readonly store: IncidentStore;
  private readonly hooks = new Set<CloseHook>();
  private readonly cfg: GroupingConfig;
  private readonly resolve: ResolveAddress;

  constructor(private readonly deps: IncidentDeps) {
    this.store = new IncidentStore(deps.sql);
    this.cfg = deps.grouping ?? DEFAULT_GROUPING;
    this.resolve = (ip) => deps.inventory.entityForIp(ip);
  }

  /** Registers a hook run when an incident closes; returns the function that removes it. */
  onClose(hook: CloseHook): () => void {
    this.hooks.add(hook);
    return () => {
      this.hooks.delete(hook);
    };
  }

  /**
   * The anomaly store calls this (its AnomalyGrouping) just before it logs an event for the anomaly:
   * group a new or escalated anomaly now, so the event carries its incident_id; settle incidents on
   * status changes. Returns the incident id the event should carry, or undefined to leave the event as
   * is. Runs in a savepoint: a grouping failure is logged and never costs the anomaly or the batch.
   */
  onAnomalyEvent(anomalyId: string, change: AnomalyChange): string | null | undefined {
    return this.guarded('anomaly event', () => {
      const a = this.deps.anomalies.get(anomalyId);
      if (!a) return undefined;
      if (change === 'status') {
        this.settle(a);
        return undefined;
      }
      return this.assign(a, change === 'escalated');
    });
  }

  /** End of an ingest batch (or tick), inside its transaction: group what the event path did not, and refresh touched incidents. */
  onBatch(outcome: BatchOutcome): void {
    this.guarded('batch', () => {
      const touched = new Set<string>();
      for (const seen of outcome.anomalies) {
        // The batch hands over the anomaly as it was reported: read it again for its incident link.
        const a = this.deps.anomalies.get(seen.id);
        if (!a) continue;
        const id = a.incident_id ?? (UNSETTLED.has(a.status) ? this.assign(a, false) : null);
        if (id) touched.add(id);
      }
      for (const id of touched) {
        const row = this.store.get(id);
        if (row && row.status !== 'closed') this.refresh(row);
      }
    });
  }

  /** Re-summarizes incidents whose members moved to another entity id (a discovered device claimed by an import). */
  resummarize(ids: readonly string[]): void {
    for (const id of ids) {
      const row = this.store.get(id);
      if (row) this.refresh(row);
    }
  }

  list(q: IncidentQuery = {}): { incidents: Incident[]; total: number } {
    const { rows, total } = this.store.list(q);
    return { incidents: rows.map(toIncident), total };
  }

  get(id: string): IncidentDetail {
    const row = this.store.get(id);
    if (!row) throw notFound('incident', id);
    return { ...toIncident(row), timeline: this.store.timeline(id), anomalies: this.deps.anomalies.ofIncident(id) };
  }

  /** Marks an open incident contained (the threat is held; recovery pending). Audited; idempotent. */
  contain(id: string, actor: Actor): IncidentDetail {
    return this.write(() => {
      const row = this.store.get(id);
      if (!row) throw notFound('incident', id);
      if (row.status === 'closed') throw new UserError('conflict', `incident '${id}' is closed and cannot be contained`, 'incident_id');
      const changed = row.status === 'open';
      if (changed) {
        const now = this.deps.clock.now();
        this.store.setStatus(id, 'contained', now);
        this.store.addTimeline(id, now, 'contained', `${actor.type}:${actor.id}`, `Contained by ${who(actor)}`);
        this.statusEvent(row, 'contained', now, { actor: actor.id });
      }
      this.deps.audit.append({ actor, action: 'incident.contain', params: { incident_id: id }, outcome: 'ok', detail: { changed, previous_status: row.status } });
      return this.get(id);
    });
  }

  /**
   * Closes an incident: resolves its unsettled member anomalies, runs the close hooks, logs the change.
   * Audited; closing a closed incident changes nothing. A closed incident is never reopened (except by
   * undoing the anomaly triage that closed it, see settle): a later
   * anomaly opens a new one.
   */
  close(id: string, opts: CloseOptions, actor: Actor): IncidentDetail {
    return this.write(() => {
      const row = this.store.get(id);
      if (!row) throw notFound('incident', id);
      const release = opts.release_quarantined_devices ?? false;
      const resolution = opts.resolution?.trim() || null;
      const params = { incident_id: id, resolution, release_quarantined_devices: release };
      if (row.status === 'closed') {
        this.deps.audit.append({ actor, action: 'incident.close', params, outcome: 'ok', detail: { changed: false, closed_at: row.closed_at } });
        return this.get(id);
      }
      const actions = this.closeRow(row, resolution, release, actor);
      this.deps.audit.append({ actor, action: 'incident.close', params, outcome: 'ok', detail: { changed: true, previous_status: row.status, actions } });
      return this.get(id);
    });
  }

  // ——— grouping ———

  private assign(a: Anomaly, escalated: boolean): string | null {
    if (!UNSETTLED.has(a.status)) return a.incident_id;
    if (a.incident_id) {
      const row = this.store.get(a.incident_id);
      if (row && row.status !== 'closed') {
        if (escalated) this.store.addTimeline(row.id, ms(a.last_seen_at), 'anomaly', a.id, `Escalated to ${line(a)}`);
        this.refresh(row);
        return row.id;
      }
      // Its incident was closed: a closed incident is never reopened, so the anomaly is grouped afresh.
    }
    const candidates = this.store.active().map((r) => ({ id: r.id, summary: summaryOf(r) })).filter((c) => memberCount(c.summary) < this.cfg.max_members);
    const matches = matchIncidents(a, candidates, this.cfg, this.resolve);
    if (matches.length === 0) return opensIncident(a) ? this.open(a) : a.incident_id;
    const target = matches[0].id;
    const before = candidates.find((c) => c.id === target)!.summary;
    this.join(target, a, matches[0].rule);
    // A serious anomaly that ties several incidents together makes them one case; a low one only joins.
    const merging = opensIncident(a) && matches.length > 1;
    if (merging) for (const m of matches.slice(1)) this.merge(m.id, target);
    // Only entities whose windows the join (or merge) changed can pull in anything new.
    this.pullIn(target, merging ? undefined : before);
    return target;
  }

  private open(a: Anomaly): string {
    const now = this.deps.clock.now();
    const id = prefixedId('inc', now);
    const summary = summarize([a], this.resolve);
    this.store.insert(id, summary, now);
    this.deps.anomalies.setIncident([a.id], id);
    this.store.addTimeline(id, ms(a.detected_at), 'opened', a.id, `Opened: ${summary.title}`);
    this.store.addTimeline(id, ms(a.detected_at), 'anomaly', a.id, line(a));
    const pulled = this.pullIn(id);
    const row = this.store.get(id)!;
    this.event(row, 'opened', ms(a.detected_at), { anomaly_ids: [a.id, ...pulled] });
    this.deps.audit.append({ actor: SYSTEM, action: 'incident.open', params: { incident_id: id, anomaly_id: a.id }, outcome: 'ok', detail: { title: row.title, severity: row.severity, anomaly_ids: [a.id, ...pulled] } });
    return id;
  }

  private join(id: string, a: Anomaly, rule: MatchRule): void {
    this.deps.anomalies.setIncident([a.id], id);
    let why = 'same entity';
    if (rule === 'spread') why = 'spread: a host reached by a lateral movement';
    if (rule === 'indicator') {
      const row = this.store.get(id)!;
      const shared = indicatorsOf(a).filter((i) => summaryOf(row).indicators.includes(i));
      why = `shares ${shared.slice(0, 3).join(', ')}`;
    }
    this.store.addTimeline(id, ms(a.detected_at), 'anomaly', a.id, `${line(a)} [${why}]`);
  }

  /**
   * Brings in the unsettled, ungrouped anomalies of the incident's entities that fall in its windows
   * (low ones included: they are context), repeating while new entities arrive. Refreshes the summary.
   */
  private pullIn(id: string, alreadySwept?: IncidentSummary): string[] {
    const pulled: string[] = [];
    const windowKey = (e: IncidentSummary['entities'][number]) => `${entityKey(e.entity_type, e.entity_id)}:${e.role}:${e.first_activity_at}:${e.last_activity_at}`;
    // Windows the incident had before are swept already: their unlinked anomalies would have matched it then.
    const visited = new Set<string>(alreadySwept?.entities.map(windowKey));
    for (let round = 0; round < 5; round++) {
      const row = this.store.get(id)!;
      const s = this.refresh(row);
      let added = 0;
      for (const e of s.entities) {
        const key = windowKey(e);
        if (visited.has(key)) continue;
        visited.add(key);
        const [from, to] = e.role === 'target'
          ? [e.first_activity_at - this.cfg.spread_lead_ms, e.last_activity_at + this.cfg.spread_window_ms]
          : [e.first_activity_at - this.cfg.entity_window_ms, e.last_activity_at + this.cfg.entity_window_ms];
        for (const a of this.deps.anomalies.unlinked(e.entity_type, e.entity_id, from, to)) {
          // A reached host's silence is not the movement's doing (see isSilence).
          if (e.role === 'target' && isSilence(a.type)) continue;
          if (memberCount(s) + added >= this.cfg.max_members) return pulled;
          this.deps.anomalies.setIncident([a.id], id);
          this.store.addTimeline(id, ms(a.detected_at), 'anomaly', a.id, `${line(a)} [${e.role === 'target' ? 'spread: a host reached by a lateral movement' : 'same entity'}]`);
          pulled.push(a.id);
          added++;
        }
      }
      if (added === 0) break;
    }
    return pulled;
  }

  /** Recomputes an incident's summary from its members; saves it and logs an escalation when it changed. */
  private refresh(row: IncidentRow): IncidentSummary {
    const members = this.deps.anomalies.ofIncident(row.id);
    const next = summarize(members, this.resolve);
    const prev = summaryOf(row);
    if (JSON.stringify(prev) === JSON.stringify(next)) return next;
    const now = this.deps.clock.now();
    this.store.saveSummary(row.id, next, now);
    if (SEVERITY_RANK[next.severity] > SEVERITY_RANK[prev.severity]) {
      const at = Math.max(...members.map((m) => ms(m.last_seen_at)));
      this.store.addTimeline(row.id, at, 'escalated', null, `Severity raised from ${prev.severity} to ${next.severity}`);
      this.event({ ...row, ...next, entities: JSON.stringify(next.entities), indicators: JSON.stringify(next.indicators) }, 'escalated', at, { previous_severity: prev.severity });
    }
    return next;
  }

  /** Folds one incident into another: members and their timeline move, the absorbed one closes as merged. */
  private merge(fromId: string, intoId: string): void {
    if (fromId === intoId) return;
    const from = this.store.get(fromId);
    if (!from || from.status === 'closed') return;
    const into = this.store.get(intoId);
    if (into && memberCount(summaryOf(from)) + memberCount(summaryOf(into)) > this.cfg.max_members) return;
    const now = this.deps.clock.now();
    const ids = this.deps.anomalies.ofIncident(fromId).map((m) => m.id);
    this.deps.anomalies.setIncident(ids, intoId);
    this.store.moveTimeline(fromId, intoId);
    this.store.addTimeline(intoId, now, 'merged', fromId, `Merged ${fromId} (${from.title}): ${ids.length} ${ids.length === 1 ? 'anomaly' : 'anomalies'}`);
    this.store.setStatus(fromId, 'closed', now, `Merged into ${intoId}`);
    this.store.addTimeline(fromId, now, 'merged', intoId, `Merged into ${intoId}`);
    this.event({ ...from, status: 'closed' }, 'merged', now, { merged_into: intoId, previous_status: from.status });
    this.deps.audit.append({ actor: SYSTEM, action: 'incident.merge', params: { incident_id: fromId, into: intoId }, outcome: 'ok', detail: { anomaly_ids: ids } });
  }

  /**
   * A member's status changed: refresh the incident, and close it once every member is settled (the
   * close names the anomaly whose triage settled the last member). Reopening that same anomaly (the
   * analyst's undo) reopens the incident it closed: the one exception to "a closed incident stays closed".
   */
  private settle(a: Anomaly): void {
    if (!a.incident_id) return;
    const row = this.store.get(a.incident_id);
    if (!row) return;
    if (row.status === 'closed') {
      if (UNSETTLED.has(a.status) && this.closedBy(row.id) === a.id) this.reopen(row, a);
      return;
    }
    this.refresh(row);
    const members = this.deps.anomalies.ofIncident(row.id);
    if (members.some((m) => UNSETTLED.has(m.status))) return;
    const fp = members.filter((m) => m.status === 'false_positive').length;
    const last = `${a.id} marked ${a.status === 'false_positive' ? 'a false positive' : a.status}${a.status_reason ? ` (${a.status_reason})` : ''}`;
    const resolution = `Every member anomaly settled: ${members.length - fp} resolved, ${fp} false positive; the last, ${last}`;
    const actions = this.closeRow(this.store.get(row.id)!, resolution, false, SYSTEM, a.id);
    this.deps.audit.append({ actor: SYSTEM, action: 'incident.close', params: { incident_id: row.id, resolution, release_quarantined_devices: false }, outcome: 'ok', detail: { changed: true, previous_status: row.status, actions, settled_by: a.id } });
  }

  /** The anomaly whose triage closed the incident (the ref of its closing entry), or null when a person or a merge closed it. */
  private closedBy(id: string): string | null {
    const closing = this.store.timeline(id).findLast((t) => t.kind === 'closed' || t.kind === 'merged' || t.kind === 'reopened');
    return closing?.kind === 'closed' && closing.ref && !closing.ref.includes(':') ? closing.ref : null;
  }

  private reopen(row: IncidentRow, a: Anomaly): void {
    const now = this.deps.clock.now();
    const reason = `anomaly ${a.id} reopened (its triage undone)`;
    this.store.setStatus(row.id, 'open', now, null);
    this.store.addTimeline(row.id, now, 'reopened', a.id, `Reopened: ${reason}`);
    this.refresh(this.store.get(row.id)!);
    this.statusEvent(row, 'open', now, { actor: SYSTEM.id, reason });
    this.deps.audit.append({ actor: SYSTEM, action: 'incident.reopen', params: { incident_id: row.id, anomaly_id: a.id }, outcome: 'ok', detail: { previous_status: 'closed', reason } });
  }

  // ——— status changes ———

  /** settledBy: the anomaly whose triage settled the last member (the closing entry's ref, so its undo can reopen). */
  private closeRow(row: IncidentRow, resolution: string | null, release: boolean, actor: Actor, settledBy?: string): string[] {
    const now = this.deps.clock.now();
    // Status first: the member resolutions below come back through onAnomalyEvent and must see it closed.
    this.store.setStatus(row.id, 'closed', now, resolution);
    this.store.addTimeline(row.id, now, 'closed', settledBy ?? `${actor.type}:${actor.id}`, `Closed by ${who(actor)}${resolution ? `: ${resolution}` : ''}`);
    for (const m of this.deps.anomalies.ofIncident(row.id)) {
      if (UNSETTLED.has(m.status)) this.deps.anomalies.setStatus(m.id, 'resolved', { actor, reason: `incident ${row.id} closed${resolution ? `: ${resolution}` : ''}` });
    }
    const actions: string[] = [];
    const incident = this.get(row.id);
    for (const hook of this.hooks) {
      for (const done of hook({ incident, release_quarantined_devices: release, actor }) ?? []) {
        this.store.addTimeline(row.id, now, 'action', `${actor.type}:${actor.id}`, done);
        actions.push(done);
      }
    }
    this.statusEvent(row, 'closed', now, { actor: actor.id, resolution, release_quarantined_devices: release, actions });
    return actions;
  }

  private statusEvent(row: IncidentRow, status: IncidentStatus, ts: number, extra: Record<string, unknown>): void {
    this.event({ ...row, status }, 'status', ts, { previous_status: row.status, ...extra });
  }

  private event(row: IncidentRow, change: 'opened' | 'escalated' | 'status' | 'merged', ts: number, extra: Record<string, unknown> = {}): void {
    const s = summaryOf(row);
    const lead = s.entities[0];
    this.deps.events.append({
      event_type: 'incident', severity: row.severity, entity_type: lead?.entity_type ?? null, entity_id: lead?.entity_id ?? null, ts,
      data: {
        incident_id: row.id, change, title: row.title, severity: row.severity, status: row.status,
        entities: s.entities.filter((e) => e.role !== 'target').map((e) => e.entity_id), indicators: s.indicators, ...extra,
      },
    });
  }

  private write<T>(fn: () => T): T {
    return this.deps.sql.db.inTransaction ? fn() : this.deps.sql.db.transaction(fn).immediate();
  }

  /** Grouping runs inside other writers' transactions: a savepoint keeps a failure from costing them anything. */
  private guarded<T>(what: string, fn: () => T): T | undefined {
    try {
      return this.deps.sql.transaction(fn);
    } catch (err) {
      this.deps.log.error(`incident grouping failed (${what})`, { error: String(err) });
      return undefined;
    }
  }
}
