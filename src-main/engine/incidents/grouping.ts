// The grouping rules: which incident an anomaly belongs to (same entity within a window, a shared
// indicator or destination, or a host a lateral movement reached), whether it may open one, and what
// an incident's members add up to. Pure functions of anomalies and stored summaries.
// Whether an anomaly may open an incident at all is opensIncident (anomaly-facts.ts).
import { maxSeverity, type Anomaly } from '../anomalies/types';
import { entityKey, indicatorsOf, opensIncident, targetsOf, type ResolveAddress } from './anomaly-facts';
import { incidentTitle } from './incident-title';
import type { EntitySummary, GroupingConfig, IncidentRole, IncidentSummary } from './types';

const MAX_INDICATORS = 50;
const ROLE_RANK: Record<IncidentRole, number> = { source: 3, affected: 2, target: 1 };
const ms = (iso: string) => Date.parse(iso);

/** Severity, entities (with roles and activity), indicators and title of a set of member anomalies. */
export function summarize(members: readonly Anomaly[], resolve: ResolveAddress): IncidentSummary {
  const entities = new Map<string, EntitySummary>();
  const indicators = new Set<string>();
  const counted = members.filter((m) => m.status !== 'false_positive');
  let severity = (counted.length ? counted : members).reduce((s, m) => maxSeverity(s, m.severity), 'low' as Anomaly['severity']);
  if (members.length === 0) severity = 'low';
  const sorted = [...members].sort((a, b) => ms(a.detected_at) - ms(b.detected_at) || a.id.localeCompare(b.id));
  for (const m of sorted) {
    const key = entityKey(m.entity_type, m.entity_id);
    const role: IncidentRole = m.type === 'lateral_movement_attempt' ? 'source' : 'affected';
    const e = entities.get(key);
    const from = ms(m.detected_at);
    const to = Math.max(from, ms(m.last_seen_at));
    if (!e) {
      entities.set(key, { entity_type: m.entity_type, entity_id: m.entity_id, role, anomaly_count: 1, anomaly_types: [m.type], first_activity_at: from, last_activity_at: to });
    } else {
      if (ROLE_RANK[role] > ROLE_RANK[e.role]) e.role = role;
      e.anomaly_count++;
      if (!e.anomaly_types.includes(m.type)) e.anomaly_types.push(m.type);
      e.first_activity_at = Math.min(e.first_activity_at, from);
      e.last_activity_at = Math.max(e.last_activity_at, to);
    }
    // Low members are context: what they point at does not pull other entities' anomalies in.
    if (opensIncident(m)) for (const i of indicatorsOf(m)) if (indicators.size < MAX_INDICATORS) indicators.add(i);
  }
  for (const m of sorted) {
    for (const t of targetsOf(m, resolve)) {
      const key = entityKey(t.type, t.id);
      const from = ms(m.detected_at);
      const to = Math.max(from, ms(m.last_seen_at));
      const e = entities.get(key);
      if (!e) entities.set(key, { entity_type: t.type, entity_id: t.id, role: 'target', anomaly_count: 0, anomaly_types: [], first_activity_at: from, last_activity_at: to });
      else if (e.role === 'target') {
        e.first_activity_at = Math.min(e.first_activity_at, from);
        e.last_activity_at = Math.max(e.last_activity_at, to);
      }
    }
  }
  const list = [...entities.values()].sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.first_activity_at - b.first_activity_at || a.entity_id.localeCompare(b.entity_id));
  const summary = { severity, entities: list, indicators: [...indicators] };
  return { ...summary, title: incidentTitle(sorted, summary) };
}

/** An active incident as grouping sees it. */
export interface Candidate {
  id: string;
  summary: IncidentSummary;
}

export type MatchRule = 'entity' | 'spread' | 'indicator';
export interface Match { id: string; rule: MatchRule }
const RULE_RANK: Record<MatchRule, number> = { entity: 3, spread: 2, indicator: 1 };

const overlaps = (from: number, to: number, lo: number, hi: number, window: number) => hi >= from - window && lo <= to + window;

/**
 * A silence says nothing about an attack: an unexpected_offline anomaly joins only an incident its own
 * entity is already in (never one a lateral movement reached it in, nor by indicator), and an entity
 * that is in an incident only for being silent does not draw other entities' findings into it.
 */
export const isSilence = (type: string) => type === 'unexpected_offline';
const onlySilent = (e: { anomaly_types: readonly string[] }) => e.anomaly_types.length > 0 && e.anomaly_types.every(isSilence);

/**
 * Every active incident the anomaly belongs to, best first: its entity is already in the incident
 * (within the entity window), it is on a host the incident's lateral movement reached (after the
 * reach), it reached hosts the incident holds (a lateral movement seen after its victims), or it shares
 * an indicator with the incident (within the indicator window). Ties go to the most recent activity.
 */
export function matchIncidents(a: Anomaly, candidates: readonly Candidate[], cfg: GroupingConfig, resolve: ResolveAddress): Match[] {
  const from = ms(a.detected_at);
  const to = Math.max(from, ms(a.last_seen_at));
  const key = entityKey(a.entity_type, a.entity_id);
  const mine = new Set(indicatorsOf(a));
  const reached = new Set(targetsOf(a, resolve).map((t) => entityKey(t.type, t.id)));
  const silence = isSilence(a.type);
  const found: (Match & { rank: number; last: number })[] = [];
  for (const c of candidates) {
    let rule: MatchRule | null = null;
    let last = 0;
    for (const e of c.summary.entities) {
      last = Math.max(last, e.last_activity_at);
      const k = entityKey(e.entity_type, e.entity_id);
      let r: MatchRule | null = null;
      if (k !== key && onlySilent(e)) continue;
      if (k === key && e.role !== 'target' && overlaps(from, to, e.first_activity_at, e.last_activity_at, cfg.entity_window_ms)) r = 'entity';
      else if (silence) continue;
      else if (k === key && e.role === 'target' && to >= e.first_activity_at - cfg.spread_lead_ms && from <= e.last_activity_at + cfg.spread_window_ms) r = 'spread';
      else if (reached.has(k) && e.role !== 'target' && e.last_activity_at >= from - cfg.spread_lead_ms && e.first_activity_at <= to + cfg.spread_window_ms) r = 'spread';
      if (r && (!rule || RULE_RANK[r] > RULE_RANK[rule])) rule = r;
    }
    if (!rule && !silence && mine.size > 0 && c.summary.indicators.some((i) => mine.has(i))) {
      const first = Math.min(...c.summary.entities.filter((e) => e.role !== 'target').map((e) => e.first_activity_at));
      if (overlaps(from, to, first, last, cfg.indicator_window_ms)) rule = 'indicator';
    }
    if (rule) found.push({ id: c.id, rule, rank: RULE_RANK[rule], last });
  }
  found.sort((x, y) => y.rank - x.rank || y.last - x.last || x.id.localeCompare(y.id));
  return found.map(({ id, rule }) => ({ id, rule }));
}
