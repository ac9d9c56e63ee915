// Assesses one entity: every factor of the four dimensions, combined by weight. A user's posture adds
// to its own factors (MFA, its anomalies, violations) the average of its devices' factors.
import type { AnomalyFact, EntityState } from './entity-state';
import { behaviorFactors } from './behavior-factors';
import { assess, type Assessment, type Factor, type ScoreCap } from './factor';
import { identityFactors } from './identity-factors';
import { policyFactors } from './policy-factors';
import { threatFactors } from './threat-factors';
import type { PostureWeights } from './weights';

function entityFactors(s: EntityState, now: number): Factor[] {
  return [...identityFactors(s, now), ...behaviorFactors(s), ...policyFactors(s, now), ...threatFactors(s)];
}

/** The highest score an entity may have while an anomaly of this severity is open: the band it belongs in. */
const SEVERITY_CAPS = { critical: 40, high: 70 } as const;

/**
 * An attacker at work on the device: an active command-and-control channel or lateral movement. Seen with
 * high confidence it holds the device in the high-risk band whatever its severity, so a live RAT is never "moderate".
 */
const ACTIVE_COMPROMISE_TYPES: ReadonlySet<string> = new Set(['c2_beaconing', 'lateral_movement_attempt']);
/** The detectors report 0.6 for the weakest evidence they act on; 0.7 and up is a C2 channel that moved data or beacons with low jitter, or lateral movement over several hosts. */
const ACTIVE_COMPROMISE_CONFIDENCE = 0.7;

/** The cap an anomaly places on its entity's score, or null when it places none. */
function capOf(a: AnomalyFact): { limit: number; why: string } | null {
  if (ACTIVE_COMPROMISE_TYPES.has(a.type) && a.confidence >= ACTIVE_COMPROMISE_CONFIDENCE) {
    const limit = SEVERITY_CAPS.critical;
    return { limit, why: `open ${a.type} (${a.id}, confidence ${a.confidence.toFixed(2)}): an active compromise holds the score at ${limit} or below until it is resolved` };
  }
  if (a.severity !== 'critical' && a.severity !== 'high') return null;
  const limit = SEVERITY_CAPS[a.severity];
  return { limit, why: `open ${a.severity} ${a.type} (${a.id}) holds the score at ${limit} or below until it is resolved` };
}

/** The tightest cap among the entity's open or acknowledged anomalies (the earliest one on a tie). */
function severityCap(anomalies: readonly AnomalyFact[]): ScoreCap | null {
  let cap: ScoreCap | null = null;
  for (const a of anomalies) {
    const c = capOf(a);
    if (!c) continue;
    if (cap && (cap.limit < c.limit || (cap.limit === c.limit && cap.anomaly_id <= a.id))) continue;
    cap = { limit: c.limit, factor: a.type, severity: a.severity, anomaly_id: a.id, why: c.why };
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
