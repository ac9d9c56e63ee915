// Assesses one entity: every factor of the four dimensions, combined by weight. A user's posture adds
// to its own factors (MFA, its anomalies, violations) the average of its devices' factors.
import type { EntityState } from './entity-state';
import { behaviorFactors } from './behavior-factors';
import { assess, type Assessment, type Factor } from './factor';
import { identityFactors } from './identity-factors';
import { policyFactors } from './policy-factors';
import { threatFactors } from './threat-factors';
import type { PostureWeights } from './weights';

export function entityFactors(s: EntityState, now: number): Factor[] {
  return [...identityFactors(s, now), ...behaviorFactors(s), ...policyFactors(s, now), ...threatFactors(s)];
}

export function assessEntity(s: EntityState, weights: PostureWeights, now: number): Assessment {
  return assess(entityFactors(s, now), weights);
}

/**
 * A user across the devices it is active on: each device's factors count 1/n (n devices), so a user
 * on one compromised laptop carries all of it and a user on four devices a quarter of each. The
 * inherited factors name their device in `entity_id`.
 */
export function assessUser(s: EntityState, devices: { id: string; factors: Factor[] }[], weights: PostureWeights, now: number): Assessment {
  const own = entityFactors(s, now);
  const n = devices.length;
  const inherited = devices.flatMap((d) =>
    d.factors.filter((f) => f.points < 0).map((f) => ({ dimension: f.dimension, factor: f.factor, points: Math.round((f.points / n) * 10) / 10, why: `${d.id}: ${f.why}`, entity_id: d.id })),
  );
  return assess([...own, ...inherited], weights);
}
