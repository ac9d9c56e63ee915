// unexpected_offline: an established device or workload silent for several times its usual reporting
// interval, and longer than any silence its baseline showed. Evaluated on ticks (data-time watermark, or
// the clock in live mode); resolved by the system when the entity reports again.
import type { EntityType } from '@shared/domain/enums';
import type { Db } from '../db/open';
import type { EntityStats } from '../baseline/entity-stats';
import { clamp01, fmtDuration, subject, type DetectContext, type Detector } from './types';

export function offlineThreshold(s: EntityStats, c: { multiple: number; max_gap_multiple: number; min_silence_s: number }): number {
  return Math.max(c.min_silence_s * 1000, c.multiple * s.meanGap, c.max_gap_multiple * s.maxGap);
}

export class UnexpectedOfflineDetector implements Detector {
  readonly type = 'unexpected_offline' as const;
  /** Entities with an open unexpected_offline anomaly (loaded at start, so a restart still resolves them). */
  private readonly flagged = new Set<string>();

  constructor(db: Db) {
    const rows = db.prepare(`SELECT entity_type, entity_id FROM anomalies WHERE type = 'unexpected_offline' AND status IN ('open','acknowledged')`).raw().all() as [EntityType, string][];
    for (const [t, id] of rows) this.flagged.add(`${t}:${id}`);
  }

  onEvent(_ev: unknown, s: EntityStats | null, ctx: DetectContext): void {
    if (!s || this.flagged.size === 0) return;
    const key = `${s.type}:${s.id}`;
    if (!this.flagged.has(key)) return;
    this.flagged.delete(key);
    ctx.resolve(s.type, s.id, this.type, undefined, `reported again at ${new Date(s.lastEventTs).toISOString()}`);
  }

  onTick(asOf: number, ctx: DetectContext): void {
    const c = ctx.cfg.offline;
    for (const s of ctx.baselines.all()) {
      if (s.type === 'user' || s.unmanaged || !s.established || s.events < c.min_observations) continue;
      const silence = asOf - s.lastEventTs;
      const threshold = offlineThreshold(s, c);
      if (silence <= threshold) continue;
      const key = `${s.type}:${s.id}`;
      if (this.flagged.has(key)) continue;
      this.flagged.add(key);
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
  }
}
