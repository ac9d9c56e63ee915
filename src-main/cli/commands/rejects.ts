// `threatmatic rejects`: the telemetry lines that were refused at ingest, and why.
import { dispatch } from '../../engine/dispatch';
import { intOpt, type CliCommand } from '../command';
import { table } from '../format';

export const rejectsCommand: CliCommand = {
  name: 'rejects',
  summary: 'List rejected telemetry lines with file, line number and reason',
  maxArgs: 0,
  options: {
    source: { type: 'string', description: 'Only rejects of this ingest source id (see `stats` / ingest output)', valueName: 'ID' },
    limit: { type: 'string', description: 'At most this many rows (default 50)', valueName: 'N' },
    offset: { type: 'string', description: 'Skip this many rows (default 0)', valueName: 'N' },
  },
  run(ctx) {
    const source = ctx.values.source === undefined ? undefined : intOpt(ctx, 'source', 0, 1);
    const out = dispatch(ctx.engine(), 'ingest.rejects', { source_id: source, limit: intOpt(ctx, 'limit', 50, 1), offset: intOpt(ctx, 'offset', 0) }, ctx.call);
    ctx.emit(out, () => `${table(out.rejects, ['file', 'line', 'reason', 'excerpt'])}\n${out.rejects.length} of ${out.total} rejected lines`);
  },
};
