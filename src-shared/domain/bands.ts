// Posture score bands as the spec states them: 0–40 high risk, 41–70 moderate, 71–100 healthy.

export type ScoreBand = 'high_risk' | 'moderate' | 'healthy';

export function scoreBand(score: number): ScoreBand {
  if (score <= 40) return 'high_risk';
  if (score <= 70) return 'moderate';
  return 'healthy';
}

/** The risk level of a posture score, as devices_at_risk reports it. */
export function riskOf(score: number): 'high' | 'medium' | 'low' {
  const band = scoreBand(score);
  return band === 'high_risk' ? 'high' : band === 'moderate' ? 'medium' : 'low';
}

/** The four dimensions and their default weights (percent, summing to 100). */
export const DEFAULT_POSTURE_WEIGHTS = { identity: 30, behavior: 30, policy: 25, threat: 15 } as const;
export type PostureDimension = keyof typeof DEFAULT_POSTURE_WEIGHTS;
