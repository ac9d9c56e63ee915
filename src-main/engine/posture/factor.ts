// The posture model's arithmetic: factors take points off a dimension (100 = nothing found), dimensions
// combine by weight into the score, and factors are ranked by what they cost the score.
import type { PostureFactor, ScoreCap } from '@shared/contract/operations/posture-schemas';
import { POSTURE_DIMENSIONS } from '@shared/contract/operations/posture-schemas';
import type { PostureDimension } from '@shared/domain/bands';
import type { PostureWeights } from './weights';

export type Factor = PostureFactor;
export type { ScoreCap };
export type DimensionScores = Record<PostureDimension, number>;

export interface Assessment {
  score: number;
  dims: DimensionScores;
  /** Ranked, most costly first. */
  factors: Factor[];
  /** The severity cap that holds the score below its weighted sum, when one binds. */
  cap: ScoreCap | null;
}

const clamp = (n: number) => Math.max(0, Math.min(100, n));

/** A dimension is 100 minus what its factors take off, floored at 0. */
export function dimensionScores(factors: readonly Factor[]): DimensionScores {
  const dims = { identity: 100, behavior: 100, policy: 100, threat: 100 } as DimensionScores;
  for (const f of factors) dims[f.dimension] += f.points;
  for (const d of POSTURE_DIMENSIONS) dims[d] = Math.round(clamp(dims[d]));
  return dims;
}

/** The posture score: the weighted sum of the dimension scores, rounded to an integer 0–100. */
export function weightedScore(dims: DimensionScores, weights: PostureWeights): number {
  let sum = 0;
  for (const d of POSTURE_DIMENSIONS) sum += (dims[d] * weights[d]) / 100;
  return Math.round(clamp(sum));
}

/** What a factor costs the posture score (its points scaled by its dimension's weight). */
const impact = (f: Factor, weights: PostureWeights) => (f.points * weights[f.dimension]) / 100;

function rankFactors(factors: Factor[], weights: PostureWeights): Factor[] {
  return factors.sort((a, b) => impact(a, weights) - impact(b, weights) || a.factor.localeCompare(b.factor));
}

/**
 * The weighted sum alone lets one dimension cost at most its weight, so a device that is moving laterally
 * would still look healthy. A severe open anomaly therefore caps the score (see severityCap); the
 * factors still explain the dimensions exactly, and `cap` says why the score sits below their sum.
 */
export function assess(factors: Factor[], weights: PostureWeights, cap: ScoreCap | null = null): Assessment {
  const dims = dimensionScores(factors);
  const weighted = weightedScore(dims, weights);
  const binds = cap !== null && cap.limit < weighted;
  return { score: binds ? cap.limit : weighted, dims, factors: rankFactors(factors, weights), cap: binds ? cap : null };
}

/** risk_factors: the machine names of the active negative factors, most costly first, once each. */
export function riskFactorNames(factors: readonly Factor[]): string[] {
  return [...new Set(factors.filter((f) => f.points < 0).map((f) => f.factor))];
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
