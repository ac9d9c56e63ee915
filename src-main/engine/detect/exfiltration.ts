// possible_exfiltration: an established entity sends far more in one hour than its baseline ever
// showed — above all of: a floor (min_bytes), a multiple of its largest hour so far, and mean + z·sd.
import type { EntityStats } from '../baseline/entity-stats';
import { clamp01, fmtBytes, subject, type DetectContext, type Detector, type FlowFacts } from './types';

export function exfilThreshold(s: EntityStats, c: { min_bytes: number; multiple_of_max: number; z: number }): number {
  const sd = Math.max(s.out.sd, 0.1 * s.out.mean);
  return Math.max(c.min_bytes, c.multiple_of_max * s.maxOut, s.out.mean + c.z * sd);
}

export class ExfiltrationDetector implements Detector {
  readonly type = 'possible_exfiltration' as const;
  private readonly over = new Set<EntityStats>();
  /** Hour and bytes of the last report per entity: report again only when the hour's volume doubled. */
  private readonly reported = new Map<EntityStats, { hour: number; bytes: number }>();

  onFlow(f: FlowFacts, ctx: DetectContext): void {
    const s = f.s;
    const cur = s.cur;
    if (!s.established || cur === null || cur.bytesOut < ctx.cfg.exfil.min_bytes) return;
    if (cur.bytesOut > exfilThreshold(s, ctx.cfg.exfil)) this.over.add(s);
  }

  endBatch(ctx: DetectContext): void {
    for (const s of this.over) {
      const cur = s.cur!;
      const last = this.reported.get(s);
      if (last && last.hour === cur.hour && cur.bytesOut < last.bytes * 2) continue;
      this.reported.set(s, { hour: cur.hour, bytes: cur.bytesOut });
      const threshold = exfilThreshold(s, ctx.cfg.exfil);
      const top = [...s.dests.values()].filter((d) => d.hour === cur.hour && d.hourBytes > 0).sort((a, b) => b.hourBytes - a.hourBytes).slice(0, 5);
      const avg = Math.max(s.out.mean, 1);
      const ratio = cur.bytesOut / avg;
      const names = top.map((d) => ctx.dns.nameOf(d.ip) ?? d.ip);
      const main = top[0] ? ` (${fmtBytes(top[0].hourBytes)} to ${ctx.dns.label(top[0].ip)})` : '';
      ctx.report({
        entity_type: s.type, entity_id: s.id, type: this.type, severity: ratio >= 100 || cur.bytesOut >= 20 * threshold ? 'critical' : 'high',
        confidence: clamp01(0.6 + 0.1 * Math.log10(cur.bytesOut / threshold + 1) * 3), detected_at: s.lastDataAt,
        description: `${subject(s)} sent ${fmtBytes(cur.bytesOut)} in one hour to ${top.length} destination${top.length === 1 ? '' : 's'}${main}, ${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× its hourly average of ${fmtBytes(s.out.mean)}`,
        recommended_action: 'isolate', observed_destinations: names,
        evidence: {
          hour: new Date(cur.hour * 3_600_000).toISOString(), bytes_out: cur.bytesOut, threshold: Math.round(threshold), avg_bytes_out_per_hour: Math.round(s.out.mean),
          max_bytes_out_per_hour: s.maxOut, top_destinations: top.map((d) => ({ destination: d.ip, name: ctx.dns.nameOf(d.ip) ?? null, bytes_out: d.hourBytes })),
        },
      });
    }
    this.over.clear();
  }
}
