// unexpected_offline: an established device or workload silent for several times its usual reporting
// interval, and longer than any silence its baseline showed. Evaluated on ticks (data-time watermark, or
// the clock in live mode); resolved by the system when the entity reports again. When a whole site (or
// the whole fleet) has sent nothing at all, the silence is the collector's, not each device's: one
// anomaly for the scope (a collector outage), resolved as soon as telemetry from that scope resumes.
import type { AnomalyStore } from '../anomalies/anomaly-store';
import type { EntityStats } from '../baseline/entity-stats';
import { clamp01, fmtDuration, subject, type DetectContext, type Detector } from './types';

/** Collector outages are reported on a pseudo-device named by their scope: `collector:fleet`, `collector:site:<site>`. */
export const OUTAGE_PREFIX = 'collector:';
const FLEET_SCOPE = 'fleet';
const MAX_LISTED = 20;

function offlineThreshold(s: EntityStats, c: { multiple: number; max_gap_multiple: number; min_silence_s: number }): number {
  return Math.max(c.min_silence_s * 1000, c.multiple * s.meanGap, c.max_gap_multiple * s.maxGap);
}

interface Scope { newest: number; entities: number }
interface Silent { s: EntityStats; silence: number; threshold: number; site: string | null }
interface Outage { scope: string; members: Set<string>; listed: string[] }

export class UnexpectedOfflineDetector implements Detector {
  readonly type = 'unexpected_offline' as const;
  /** Entities with an open unexpected_offline anomaly, or silent within an open outage (loaded at start, so a restart still resolves them). */
  private readonly flagged = new Set<string>();
  /** Open collector outages by scope. */
  private readonly outages = new Map<string, Outage>();

  constructor(anomalies: Pick<AnomalyStore, 'openSubjects'>) {
    const rows = anomalies.openSubjects('unexpected_offline');
    for (const [t, id] of rows) {
      if (id.startsWith(OUTAGE_PREFIX)) this.outages.set(id.slice(OUTAGE_PREFIX.length), { scope: id.slice(OUTAGE_PREFIX.length), members: new Set(), listed: [] });
      else this.flagged.add(`${t}:${id}`);
    }
  }

  onEvent(_ev: unknown, s: EntityStats | null, ctx: DetectContext): void {
    if (!s || (this.flagged.size === 0 && this.outages.size === 0)) return;
    if (this.outages.size !== 0 && s.type !== 'user' && !s.unmanaged) this.outageOver(s, ctx);
    const key = `${s.type}:${s.id}`;
    if (!this.flagged.has(key)) return;
    this.flagged.delete(key);
    ctx.resolve(s.type, s.id, this.type, undefined, `reported again at ${new Date(s.lastEventTs).toISOString()}`);
  }

  onTick(asOf: number, ctx: DetectContext): void {
    const c = ctx.cfg.offline;
    const scopes = new Map<string, Scope>();
    const silent: Silent[] = [];
    for (const s of ctx.baselines.all()) {
      if (s.type === 'user' || s.unmanaged || !s.established || s.events < c.min_observations) continue;
      const site = s.type === 'device' ? (ctx.device(s.id)?.site ?? null) : null;
      noteScope(scopes, FLEET_SCOPE, s.lastEventTs);
      if (site !== null) noteScope(scopes, `site:${site}`, s.lastEventTs);
      const silence = asOf - s.lastEventTs;
      const threshold = offlineThreshold(s, c);
      if (silence <= threshold || this.flagged.has(`${s.type}:${s.id}`)) continue;
      silent.push({ s, silence, threshold, site });
    }
    if (silent.length === 0) return;
    // A scope is down when it has enough reporting entities and none of them sent anything for the minimum silence.
    const down = (scope: string) => {
      const x = scopes.get(scope);
      return x !== undefined && x.entities >= c.outage_min_entities && asOf - x.newest > c.min_silence_s * 1000;
    };
    const fleetDown = down(FLEET_SCOPE);
    const byScope = new Map<string, Silent[]>();
    for (const x of silent) {
      const scope = fleetDown ? FLEET_SCOPE : x.site !== null && down(`site:${x.site}`) ? `site:${x.site}` : null;
      if (scope === null) this.reportOne(x, asOf, ctx);
      else {
        const list = byScope.get(scope);
        if (list) list.push(x);
        else byScope.set(scope, [x]);
      }
    }
    for (const [scope, members] of byScope) this.reportOutage(scope, members, scopes.get(scope)!, asOf, ctx);
  }

  private reportOne({ s, silence, threshold }: Silent, asOf: number, ctx: DetectContext): void {
    this.flagged.add(`${s.type}:${s.id}`);
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity: 'medium',
      confidence: clamp01(0.5 + 0.45 * (1 - Math.exp(-(silence / threshold - 1)))), detected_at: asOf,
      description: `${subject(s)} silent for ${fmtDuration(silence)}; it usually reports every ${fmtDuration(s.meanGap)} and its longest earlier silence was ${fmtDuration(s.maxGap)}`,
      recommended_action: 'investigate', observed_destinations: [],
      evidence: {
        last_seen: new Date(s.lastEventTs).toISOString(), silence_s: Math.round(silence / 1000), usual_interval_s: Math.round(s.meanGap / 100) / 10,
        longest_previous_silence_s: Math.round(s.maxGap / 1000), threshold_s: Math.round(threshold / 1000), events_observed: s.events,
      },
    });
  }

  /** One anomaly for the scope, updated as more of its entities pass their own thresholds. */
  private reportOutage(scope: string, members: Silent[], x: Scope, asOf: number, ctx: DetectContext): void {
    let o = this.outages.get(scope);
    if (!o) this.outages.set(scope, (o = { scope, members: new Set(), listed: [] }));
    for (const m of members) {
      const key = `${m.s.type}:${m.s.id}`;
      this.flagged.add(key);
      o.members.add(key);
      if (o.listed.length < MAX_LISTED) o.listed.push(m.s.id);
    }
    const where = scope === FLEET_SCOPE ? 'the whole fleet' : `site ${scope.slice('site:'.length)}`;
    const silence = asOf - x.newest;
    ctx.report({
      entity_type: 'device', entity_id: `${OUTAGE_PREFIX}${scope}`, type: this.type, severity: 'high', confidence: 0.9, detected_at: asOf,
      description: `Collector outage: no telemetry from ${where} for ${fmtDuration(silence)} (${x.entities} reporting devices and workloads, ${o.members.size} past their usual silence); a sensor or collector stopped, not ${o.members.size} separate failures`,
      recommended_action: 'investigate', observed_destinations: [],
      evidence: {
        outage: scope, last_telemetry: new Date(x.newest).toISOString(), silence_s: Math.round(silence / 1000), reporting_entities: x.entities,
        silent_entities: o.members.size, entities: o.listed,
      },
    });
  }

  /** Telemetry from inside an open outage's scope: the collector is back; its members are judged one by one again. */
  private outageOver(s: EntityStats, ctx: DetectContext): void {
    for (const o of this.outages.values()) {
      if (o.scope !== FLEET_SCOPE && (s.type !== 'device' || `site:${ctx.device(s.id)?.site ?? ''}` !== o.scope)) continue;
      this.outages.delete(o.scope);
      for (const key of o.members) this.flagged.delete(key);
      ctx.resolve('device', `${OUTAGE_PREFIX}${o.scope}`, this.type, undefined, `telemetry resumed at ${new Date(s.lastEventTs).toISOString()} (${s.id})`);
    }
  }
}

function noteScope(scopes: Map<string, Scope>, scope: string, ts: number): void {
  const x = scopes.get(scope);
  if (x === undefined) scopes.set(scope, { newest: ts, entities: 1 });
  else {
    x.entities++;
    if (ts > x.newest) x.newest = ts;
  }
}
