// `threatmatic retention show|set|prune`: how long each kind of data is kept, through the retention.*
// operations (same validation, scope and audit as the console and the HTTP API).
import { RETENTION_KINDS, type RetentionKind } from '@shared/contract/operations/retention';
import { dispatch } from '../../engine/dispatch';
import { CliUsageError, stringOpt, type CliCommand, type OptionSpec } from '../command';
import { keyValues, table } from '../format';

/** `hourly_rollups` → `--hourly-rollups`. */
const optionName = (kind: RetentionKind) => kind.replace(/_/g, '-');

const showTable = (r: { kinds: { kind: string; days: number | null; default_days: number | null; configured: boolean; pruned_before: string | null; what: string }[] }) =>
  table(r.kinds.map((k) => ({ ...k, days: k.days ?? 'forever', default_days: k.default_days ?? 'forever', configured: k.configured ? 'set' : 'default', pruned_before: k.pruned_before ?? '' })),
    ['kind', 'days', 'configured', 'default_days', 'pruned_before', 'what']);

export const retentionShowCommand: CliCommand = {
  name: 'retention show',
  summary: 'How long each kind of data is kept (events, intel hits, hourly roll-ups, event log, rejects, agent events)',
  maxArgs: 0,
  run(ctx) {
    const r = dispatch(ctx.engine(), 'retention.get', {}, { actor: ctx.actor });
    ctx.emit(r, () => showTable(r));
  },
};

export const retentionSetCommand: CliCommand = {
  name: 'retention set',
  summary: 'Set the days a kind of data is kept (a number, or "forever"); pruned at the next prune',
  maxArgs: 0,
  options: Object.fromEntries(RETENTION_KINDS.map((k): [string, OptionSpec] => [optionName(k), { type: 'string', valueName: 'DAYS', description: `Days to keep ${k.replace(/_/g, ' ')} (or forever)` }])),
  details: 'Example: threatmatic retention set --events 14 --hourly-rollups forever\nHourly roll-ups must be kept at least as long as events. See README (Retention).',
  run(ctx) {
    const input: Record<string, number | null> = {};
    for (const k of RETENTION_KINDS) {
      const raw = stringOpt(ctx, optionName(k));
      if (raw === undefined) continue;
      const n = raw === 'forever' ? null : Number(raw);
      if (n !== null && !Number.isInteger(n)) throw new CliUsageError(`--${optionName(k)} must be a whole number of days or 'forever', got '${raw}'`);
      input[k] = n;
    }
    if (Object.keys(input).length === 0) throw new CliUsageError(`give at least one of ${RETENTION_KINDS.map((k) => `--${optionName(k)}`).join(', ')}`);
    const r = dispatch(ctx.engine(), 'retention.set', input, { actor: ctx.actor });
    ctx.emit(r, () => showTable(r));
  },
};

export const retentionPruneCommand: CliCommand = {
  name: 'retention prune',
  summary: 'Delete what is past its retention now, in small batches (a running console also prunes hourly)',
  maxArgs: 0,
  run(ctx) {
    const r = dispatch(ctx.engine(), 'retention.prune', {}, { actor: ctx.actor });
    ctx.emit(r, () => keyValues({ ...Object.fromEntries(Object.entries(r.deleted).map(([k, n]) => [`deleted ${k}`, n])), batches: r.batches, max_batch_ms: r.max_batch_ms, seconds: r.seconds.toFixed(2) }));
  },
};
