// possible_exfiltration: an established entity sends far more in one hour to destinations outside the
// network, or new since its baseline, than its baseline ever showed — above all of: a floor (min_bytes),
// a multiple of its largest hour so far, and mean + z·sd. Backups to the usual internal server do not count.
import type { EntityStats } from '../baseline/entity-stats';
import { clamp01, fmtBytes, subject, type DetectContext, type Detector, type FlowFacts } from './types';

function exfilThreshold(s: EntityStats, c: { min_bytes: number; multiple_of_max: number; z: number }): number {
  const sd = Math.max(s.out.sd, 0.1 * s.out.mean);
  return Math.max(c.min_bytes, c.multiple_of_max * s.maxOut, s.out.mean + c.z * sd);
}

/** Where the hour's outside-or-new bytes went, largest first. */
function topDestinations(s: EntityStats, hour: number): { ip: string; bytes: number }[] {
  const since = s.establishedAt ?? 0;
  return [...s.dests.values()].filter((d) => d.hour === hour && d.hourBytes > 0 && (!d.internal || d.first >= since))
    .sort((a, b) => b.hourBytes - a.hourBytes).slice(0, 5).map((d) => ({ ip: d.ip, bytes: d.hourBytes }));
}

/** The hour as it stood when it crossed the threshold (the batch may close it before reporting). */
interface Crossing { hour: number; bytes: number; total: number; threshold: number; at: number; top: { ip: string; bytes: number }[] }

export class ExfiltrationDetector implements Detector {
  readonly type = 'possible_exfiltration' as const;
  private readonly over = new Map<EntityStats, Crossing>();
  /** Hour and bytes of the last report per entity: report again only when the hour's volume doubled. */
  private readonly reported = new Map<EntityStats, { hour: number; bytes: number }>();

  onFlow(f: FlowFacts, ctx: DetectContext): void {
    const s = f.s;
    const cur = s.cur;
    if (!s.established || cur === null || cur.riskyBytesOut < ctx.cfg.exfil.min_bytes) return;
    const threshold = exfilThreshold(s, ctx.cfg.exfil);
    if (cur.riskyBytesOut <= threshold) return;
    const prev = this.over.get(s);
    if (prev && prev.hour === cur.hour && cur.riskyBytesOut < prev.bytes * 1.1) {
      // Same hour, little growth: keep the volume current without re-ranking the destinations.
      prev.bytes = cur.riskyBytesOut;
      prev.total = cur.bytesOut;
      return;
    }
    this.over.set(s, { hour: cur.hour, bytes: cur.riskyBytesOut, total: cur.bytesOut, threshold, at: prev?.hour === cur.hour ? prev.at : f.ev.ts, top: topDestinations(s, cur.hour) });
  }

  endBatch(ctx: DetectContext): void {
    for (const [s, x] of this.over) {
      if (s.cur?.hour === x.hour) x.top = topDestinations(s, x.hour);
      const last = this.reported.get(s);
      if (last && last.hour === x.hour && x.bytes < last.bytes * 2) continue;
      this.reported.set(s, { hour: x.hour, bytes: x.bytes });
      const avg = Math.max(s.out.mean, 1);
      const ratio = x.bytes / avg;
      const names = x.top.map((d) => ctx.dns.nameOf(d.ip) ?? d.ip);
      const main = x.top[0] ? ` (${fmtBytes(x.top[0].bytes)} to ${ctx.dns.label(x.top[0].ip)})` : '';
      ctx.report({
        entity_type: s.type, entity_id: s.id, type: this.type, severity: ratio >= 100 || x.bytes >= 20 * x.threshold ? 'critical' : 'high',
        confidence: clamp01(0.6 + 0.3 * Math.log10(x.bytes / x.threshold + 1)), detected_at: x.at,
        description: `${subject(s)} sent ${fmtBytes(x.bytes)} in one hour to ${x.top.length} outside or new destination${x.top.length === 1 ? '' : 's'}${main}, ${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}× its hourly average of ${fmtBytes(s.out.mean)}`,
        recommended_action: 'isolate', observed_destinations: names,
        evidence: {
          hour: new Date(x.hour * 3_600_000).toISOString(), bytes_out: x.bytes, bytes_out_all: x.total, threshold: Math.round(x.threshold),
          avg_bytes_out_per_hour: Math.round(s.out.mean), max_bytes_out_per_hour: s.maxOut,
          top_destinations: x.top.map((d) => ({ destination: d.ip, name: ctx.dns.nameOf(d.ip) ?? null, bytes_out: d.bytes })),
        },
      });
    }
    this.over.clear();
  }
}
