// Policy compliance: violations in the last 24 h, recommended actions left untaken, and coverage gaps
// (only once an operator has authored a policy: see policy-source.ts).
import type { EntityState } from './entity-state';
import { plural, type Factor } from './factor';

const VIOLATION_POINTS = -10;
const VIOLATION_CAP = -60;
/** A recommendation counts as unenforced when its anomaly is still untriaged this long after detection. */
const UNENFORCED_AFTER_MS = 4 * 3_600_000;
const UNENFORCED_POINTS = -15;
const UNENFORCED_CAP = -45;
const NO_POLICY_POINTS = -20;

export function policyFactors(s: EntityState, now: number): Factor[] {
  const out: Factor[] = [];
  const violations = s.violations.reduce((n, v) => n + v.count, 0);
  if (violations > 0) {
    const ids = s.violations.map((v) => v.policy_id).sort();
    out.push({
      dimension: 'policy', factor: 'policy_violation', points: Math.max(VIOLATION_CAP, violations * VIOLATION_POINTS),
      why: `${plural(violations, 'policy violation')} in the last 24 h (${ids.join(', ')})`,
    });
  }
  // 'monitor' asks for nothing to be done; an acknowledged anomaly has been taken in hand by an analyst.
  const untaken = s.anomalies.filter((a) => a.status === 'open' && a.recommended_action !== 'monitor' && now - a.detected_at > UNENFORCED_AFTER_MS);
  if (untaken.length > 0) {
    const oldest = Math.max(...untaken.map((a) => now - a.detected_at));
    const actions = [...new Set(untaken.map((a) => `${a.recommended_action} (${a.type})`))].join(', ');
    out.push({
      dimension: 'policy', factor: 'unenforced_recommendation', points: Math.max(UNENFORCED_CAP, untaken.length * UNENFORCED_POINTS),
      why: `${plural(untaken.length, 'recommended action')} not taken after more than ${UNENFORCED_AFTER_MS / 3_600_000} h (oldest ${Math.floor(oldest / 3_600_000)} h): ${actions}`,
    });
  }
  if (s.covered === false) {
    out.push({ dimension: 'policy', factor: 'no_active_policy', points: NO_POLICY_POINTS, why: `no enabled operator policy covers this ${s.type}` });
  }
  return out;
}
