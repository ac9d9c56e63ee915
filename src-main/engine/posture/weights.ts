// Posture dimension weights: the spec's defaults (identity 30, behavior 30, policy 25, threat 15),
// adjustable through the settings key `posture.weights`, validated so they always sum to 100.
import { DEFAULT_POSTURE_WEIGHTS, type PostureDimension } from '@shared/domain/bands';
import { POSTURE_DIMENSIONS } from '@shared/contract/operations/posture-schemas';
import type { SqlRunner } from '../db/sql';
import { readSetting, writeSetting } from '../settings/settings-store';
import { invalid } from '../errors';
import type { Logger } from '../log';

export type PostureWeights = Record<PostureDimension, number>;
export const WEIGHTS_SETTING = 'posture.weights';

/** Checks a weights object: exactly the four dimensions, each a finite number ≥ 0, summing to 100. */
export function validatePostureWeights(value: unknown): PostureWeights {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(WEIGHTS_SETTING, `must be an object {identity, behavior, policy, threat}, got ${JSON.stringify(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !(POSTURE_DIMENSIONS as string[]).includes(k));
  if (unknown.length) throw invalid(WEIGHTS_SETTING, `unknown dimension ${unknown.map((k) => `'${k}'`).join(', ')} (expected ${POSTURE_DIMENSIONS.join(', ')})`);
  const out = {} as PostureWeights;
  for (const d of POSTURE_DIMENSIONS) {
    const w = obj[d];
    if (w === undefined) throw invalid(WEIGHTS_SETTING, `missing weight for '${d}'`);
    if (typeof w !== 'number' || !Number.isFinite(w)) throw invalid(WEIGHTS_SETTING, `weight of '${d}' must be a number, got ${JSON.stringify(w)}`);
    if (w < 0) throw invalid(WEIGHTS_SETTING, `weight of '${d}' must be ≥ 0, got ${w}`);
    out[d] = w;
  }
  const sum = POSTURE_DIMENSIONS.reduce((s, d) => s + out[d], 0);
  if (Math.abs(sum - 100) > 1e-9) throw invalid(WEIGHTS_SETTING, `weights must sum to 100, got ${sum} (${POSTURE_DIMENSIONS.map((d) => `${d} ${out[d]}`).join(', ')})`);
  return out;
}

/** The weights in force: the stored setting when it is valid, else the defaults (and the problem is logged). */
export function loadPostureWeights(runner: SqlRunner, log: Logger): PostureWeights {
  const raw = readSetting(runner, WEIGHTS_SETTING);
  if (raw === undefined) return { ...DEFAULT_POSTURE_WEIGHTS };
  try {
    return validatePostureWeights(JSON.parse(raw));
  } catch (err) {
    log.error('ignoring invalid posture weights setting; using the defaults', { key: WEIGHTS_SETTING, value: raw, error: (err as Error).message });
    return { ...DEFAULT_POSTURE_WEIGHTS };
  }
}

export function storePostureWeights(runner: SqlRunner, weights: PostureWeights): void {
  writeSetting(runner, WEIGHTS_SETTING, JSON.stringify(weights));
}
