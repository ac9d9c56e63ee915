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
    const size = (n: number) => `${n} (${bytes(n)})`;
    ctx.emit(s, () => keyValues({ ...s, db_size_bytes: size(s.db_size_bytes), db_wal_bytes: size(s.db_wal_bytes), db_free_bytes: size(s.db_free_bytes) }));
  },
};
