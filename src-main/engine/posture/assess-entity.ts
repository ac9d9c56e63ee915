// Assesses one entity: every factor of the four dimensions, combined by weight. A user's posture adds
// to its own factors (MFA, its anomalies, violations) the average of its devices' factors.
import type { AnomalyFact, EntityState } from './entity-state';
import { behaviorFactors } from './behavior-factors';
import { assess, type Assessment, type Factor, type ScoreCap } from './factor';
import { identityFactors } from './identity-factors';
import { policyFactors } from './policy-factors';
import { threatFactors } from './threat-factors';
import type { PostureWeights } from './weights';

export function entityFactors(s: EntityState, now: number): Factor[] {
  return [...identityFactors(s, now), ...behaviorFactors(s), ...policyFactors(s, now), ...threatFactors(s)];
}

/** The highest score an entity may have while an anomaly of this severity is open: the band it belongs in. */
export const SEVERITY_CAPS = { critical: 40, high: 70 } as const;

/** The tightest cap among the entity's open or acknowledged anomalies (the earliest one on a tie). */
export function severityCap(anomalies: readonly AnomalyFact[]): ScoreCap | null {
  let cap: ScoreCap | null = null;
  for (const a of anomalies) {
    if (a.severity !== 'critical' && a.severity !== 'high') continue;
    const limit = SEVERITY_CAPS[a.severity];
    if (cap && (cap.limit < limit || (cap.limit === limit && cap.anomaly_id <= a.id))) continue;
    cap = { limit, factor: a.type, severity: a.severity, anomaly_id: a.id, why: `open ${a.severity} ${a.type} (${a.id}) holds the score at ${limit} or below until it is resolved` };
  }
  return cap;
}

export function assessEntity(s: EntityState, weights: PostureWeights, now: number): Assessment {
  return assess(entityFactors(s, now), weights, severityCap(s.anomalies));
}

/** A user inherits the tightest cap of its own and its devices': a user on a compromised laptop is at risk too. */
function tightest(own: ScoreCap | null, devices: readonly { id: string; cap?: ScoreCap | null }[]): ScoreCap | null {
  let cap = own;
  for (const d of devices) {
    if (d.cap && (!cap || d.cap.limit < cap.limit)) cap = { ...d.cap, entity_id: d.id, why: `${d.id}: ${d.cap.why}` };
  }
  return cap;
}

/**
 * A user across the devices it is active on: each device's factors count 1/n (n devices), so a user
 * on one compromised laptop carries all of it and a user on four devices a quarter of each. The
 * inherited factors name their device in `entity_id`.
 */
export function assessUser(s: EntityState, devices: { id: string; factors: Factor[]; cap?: ScoreCap | null }[], weights: PostureWeights, now: number): Assessment {
  const own = entityFactors(s, now);
  const n = devices.length;
  const inherited = devices.flatMap((d) =>
    d.factors.filter((f) => f.points < 0).map((f) => ({ dimension: f.dimension, factor: f.factor, points: Math.round((f.points / n) * 10) / 10, why: `${d.id}: ${f.why}`, entity_id: d.id })),
  );
  return assess([...own, ...inherited], weights, tightest(severityCap(s.anomalies), devices));
}
