// `threatmatic stats`: counts, database size and rejects at a glance.
import { dispatch } from '../../engine/dispatch';
import type { CliCommand } from '../command';
import { bytes, keyValues } from '../format';

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'Show inventory, telemetry and intel counts, database size and rejects',
  maxArgs: 0,
  run(ctx) {
    const s = dispatch(ctx.engine(), 'system.stats', {}, ctx.call);
    ctx.emit(s, () => keyValues({ ...s, db_size_bytes: `${s.db_size_bytes} (${bytes(s.db_size_bytes)})` }));
  },
};
