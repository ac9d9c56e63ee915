// Behavioral conformance: open anomalies by severity, the baseline's deviation score, and a small,
// explicit note while no baseline is established yet. IoC and firmware anomalies count under threat
// exposure instead, so nothing is counted twice.
import type { Severity } from '@shared/domain/enums';
import type { EntityState } from './entity-state';
import { plural, type Factor } from './factor';

export const ANOMALY_POINTS: Record<Severity, number> = { critical: -60, high: -35, medium: -15, low: -5 };
/** Anomaly types that are threat exposure, not behaviour. */
const THREAT_ANOMALY_TYPES = new Set(['ioc_contact', 'firmware_eol', 'firmware_vulnerable']);
/** Deviation below this is ordinary noise (the spec's healthy camera shows 0.04). */
const DEVIATION_FLOOR = 0.1;
const DEVIATION_MAX_POINTS = 40;
const NO_BASELINE_POINTS = -5;

const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low'];

export function behaviorFactors(s: EntityState): Factor[] {
  const out: Factor[] = [];
  const byType = new Map<string, EntityState['anomalies']>();
  for (const a of s.anomalies) {
    if (THREAT_ANOMALY_TYPES.has(a.type)) continue;
    byType.set(a.type, [...(byType.get(a.type) ?? []), a]);
  }
  for (const [type, list] of byType) {
    const points = list.reduce((sum, a) => sum + ANOMALY_POINTS[a.severity], 0);
    const counts = SEVERITY_ORDER.map((sev) => [sev, list.filter((a) => a.severity === sev).length] as const).filter(([, n]) => n > 0);
    const detail = counts.map(([sev, n]) => `${n} ${sev}`).join(', ');
    out.push({ dimension: 'behavior', factor: type, points, why: `${plural(list.length, 'open anomaly', 'open anomalies')} of type ${type} (${detail})` });
  }
  const b = s.baseline;
  // A user is judged through its devices' baselines; its own is counted only once one exists.
  if (!b && s.type === 'user') return out;
  if (!b || !b.established) {
    const seen = b ? `${plural(b.hours_observed, 'hour')} observed so far` : 'no telemetry observed yet';
    out.push({ dimension: 'behavior', factor: 'baseline_not_established', points: NO_BASELINE_POINTS, why: `behavioral baseline not yet established (${seen}): deviations cannot be judged` });
  } else if (b.deviation_score >= DEVIATION_FLOOR) {
    const dev = Math.min(1, b.deviation_score);
    out.push({ dimension: 'behavior', factor: 'baseline_deviation', points: -Math.round(dev * DEVIATION_MAX_POINTS), why: `recent behaviour deviates from the baseline (deviation score ${dev.toFixed(2)})` });
  }
  return out;
}
