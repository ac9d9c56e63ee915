// ioc_contact: traffic to or from an indicator threat intel rates malicious (or suspicious), as matched
// at ingest (ev.intel). One anomaly per entity and indicator; repeats update it.
import type { AttributedEvent, IntelHit } from '@shared/domain/telemetry';
import type { IndicatorLabels } from '../intel/intel-store';
import type { EntityStats } from '../baseline/entity-stats';
import { subject, type DetectContext, type Detector } from './types';

const FIELD_VERB: Record<string, string> = {
  dst_ip: 'contacted', src_ip: 'received traffic from', query: 'looked up', answer: 'resolved a name to', hash: 'ran or stored a file matching', url: 'requested',
};

const CRITICAL_CATEGORY = /c2|c&c|command|botnet|ransom|\brat\b|remote.access|banking|banker|feodo|emotet|dridex|trickbot|qakbot|qbot|icedid/i;

interface IndicatorInfo { categories: string[]; threat_actors: string[] }
interface Pending { ev: AttributedEvent; hit: IntelHit; s: EntityStats; count: number; ids: number[]; first: number; last: number }

export class IocContactDetector implements Detector {
  readonly type = 'ioc_contact' as const;
  private readonly info = new Map<number, IndicatorInfo>();
  /** Hits of this batch per entity and indicator: reported once per batch, however many events matched. */
  private readonly pending = new Map<string, Pending>();
  constructor(private readonly intel: IndicatorLabels) {}

  onEvent(ev: AttributedEvent, s: EntityStats | null, ctx: DetectContext): void {
    if (!s || ev.intel.length === 0) return;
    for (const hit of ev.intel) {
      if (hit.reputation !== 'malicious' && !(hit.reputation === 'suspicious' && ctx.cfg.ioc.include_suspicious)) continue;
      const key = `${s.type}:${s.id}:ioc_contact:${hit.value}`;
      const p = this.pending.get(key);
      if (!p) this.pending.set(key, { ev, hit, s, count: 1, ids: [ev.id], first: ev.ts, last: ev.ts });
      else {
        p.count++;
        if (ev.ts < p.first) p.first = ev.ts;
        if (ev.ts > p.last) p.last = ev.ts;
        if (p.ids.length < 10) p.ids.push(ev.id);
      }
    }
  }

  endBatch(ctx: DetectContext): void {
    for (const [key, p] of this.pending) this.report(key, p, ctx);
    this.pending.clear();
  }

  private indicator(id: number): IndicatorInfo {
    let i = this.info.get(id);
    if (!i) {
      const row = this.intel.labels(id);
      i = { categories: row ? (JSON.parse(row.categories) as string[]) : [], threat_actors: row ? (JSON.parse(row.threat_actors) as string[]) : [] };
      if (this.info.size > 10_000) this.info.clear();
      this.info.set(id, i);
    }
    return i;
  }

  private report(key: string, p: Pending, ctx: DetectContext): void {
    const { ev, hit, s } = p;
    const info = this.indicator(hit.indicator_id);
    const malicious = hit.reputation === 'malicious';
    // C2 of botnets, ransomware, remote-access trojans and banking trojans (Feodo/Emotet, Dridex...) is an active compromise.
    const c2 = info.categories.some((c) => CRITICAL_CATEGORY.test(c));
    const severity = malicious ? (c2 || hit.field === 'hash' ? 'critical' : 'high') : 'medium';
    const verb = FIELD_VERB[hit.field] ?? 'touched';
    const what = info.categories.length ? ` (${info.categories.slice(0, 3).join(', ')})` : '';
    const actors = info.threat_actors.length ? `, attributed to ${info.threat_actors.slice(0, 2).join(', ')}` : '';
    const port = hit.field === 'dst_ip' && ev.dst_port !== undefined ? `:${ev.dst_port}` : '';
    const action = hit.field === 'hash' ? 'isolate' : malicious ? 'block_destination' : 'investigate';
    ctx.report({
      entity_type: s.type, entity_id: s.id, type: this.type, severity, confidence: malicious ? 0.95 : 0.6, detected_at: p.first, last_seen_at: p.last,
      description: `${subject(s)} ${verb} ${hit.value}${port}, rated ${hit.reputation}${what} by threat intel${actors}`,
      recommended_action: action, observed_destinations: hit.field === 'hash' ? [] : [hit.value],
      evidence: {
        indicator: hit.value, indicator_id: hit.indicator_id, field: hit.field, reputation: hit.reputation, categories: info.categories,
        threat_actors: info.threat_actors, kind: ev.kind, src_ip: ev.src_ip ?? null, dst_ip: ev.dst_ip ?? null, dst_port: ev.dst_port ?? null, matching_events: p.count, event_ids: p.ids,
      },
      dedupe_key: key,
    });
  }
}
