// `threatmatic posture weights`: the weight of each posture dimension (posture.weights); with all four
// --identity/--behavior/--policy/--threat, or --reset, sets them (posture.setWeights: audited, every entity rescored).
import { POSTURE_DIMENSIONS } from '@shared/contract/operations/posture-schemas';
import type { PostureDimension } from '@shared/domain/bands';
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, stringOpt, type CliCommand } from '../command';

type Weights = Record<PostureDimension, number>;

const weightsText = (w: Weights) => POSTURE_DIMENSIONS.map((d) => `${d} ${w[d]}`).join(', ');
const sameWeights = (a: Weights, b: Weights) => POSTURE_DIMENSIONS.every((d) => a[d] === b[d]);

/** The four weights from their options, or null when none is given. */
function givenWeights(values: (name: string) => string | undefined): Weights | null {
  const given = POSTURE_DIMENSIONS.filter((d) => values(d) !== undefined);
  if (given.length === 0) return null;
  if (given.length < POSTURE_DIMENSIONS.length) {
    throw new CliUsageError(`give all four weights (${POSTURE_DIMENSIONS.map((d) => `--${d}`).join(', ')}), summing to 100; missing ${POSTURE_DIMENSIONS.filter((d) => !given.includes(d)).map((d) => `--${d}`).join(', ')}`);
  }
  const out = {} as Weights;
  for (const d of POSTURE_DIMENSIONS) {
    const raw = values(d) as string;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new CliUsageError(`--${d} must be a number, got '${raw}'`);
    out[d] = n;
  }
  return out;
}

export const postureWeightsCommand: CliCommand = {
  name: 'posture weights',
  summary: 'Show the posture dimension weights, or set them (all four, summing to 100; audited, every entity rescored)',
  maxArgs: 0,
  options: {
    ...Object.fromEntries(POSTURE_DIMENSIONS.map((d) => [d, { type: 'string', description: `Weight of the ${d} dimension, in percent`, valueName: 'N' }])),
    reset: { type: 'boolean', description: "Back to the spec's defaults (identity 30, behavior 30, policy 25, threat 15)" },
  },
  details: 'Example: threatmatic posture weights --identity 40 --behavior 30 --policy 20 --threat 10\nSee docs/posture-model.md for what each dimension counts.',
  run(ctx) {
    const wanted = givenWeights((d) => stringOpt(ctx, d));
    if (wanted && ctx.values.reset) throw new CliUsageError('give the weights or --reset, not both');
    const engine = ctx.engine();
    if (!wanted && !ctx.values.reset) {
      const r = dispatch(engine, 'posture.weights', {}, ctx.call);
      ctx.emit(r, `${weightsText(r.weights)}${sameWeights(r.weights, r.defaults) ? ' (the defaults)' : ` (defaults: ${weightsText(r.defaults)})`}`);
      return;
    }
    const defaults = dispatch(engine, 'posture.weights', {}, ctx.call).defaults;
    const r = dispatch(engine, 'posture.setWeights', wanted ?? defaults, ctx.call);
    ctx.emit(r, `Posture weights set: ${weightsText(r.weights)}${sameWeights(r.weights, r.defaults) ? ' (the defaults)' : ''}; every device, user and workload was rescored.`);
  },
};
