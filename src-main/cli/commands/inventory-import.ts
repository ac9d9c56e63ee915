// `threatmatic inventory import FILE`: devices, users and workloads from JSON or CSV, upserted; bad records
// listed (the inventory.import operation).
import { dispatch } from '../../engine/dispatch';
import { stringOpt, type CliCommand } from '../command';
import { keyValues } from '../format';

const SHOWN = 30;

export const inventoryImportCommand: CliCommand = {
  name: 'inventory import',
  summary: 'Import devices, users and workloads from a JSON or CSV file (upsert by id)',
  args: 'FILE',
  minArgs: 1,
  maxArgs: 1,
  options: {
    kind: { type: 'string', description: 'device, user or workload: the kind of a bare JSON array or CSV (default: inferred from the id field/column)', valueName: 'K' },
  },
  details: `Formats (docs/inventory-format.md has examples):
  JSON  { "devices": [...], "users": [...], "workloads": [...] }, or a bare list of records whose kind
        is --kind or inferred from the id field each carries (device_id, user_id, workload_id)
  CSV   one kind per file, inferred from the header's device_id, user_id or workload_id column;
        lists (ip_addresses, groups) separated by ';' or '|'; booleans true/false/yes/no/1/0
Records with an existing id are updated. Every bad record is reported with its index or line and
field; the good ones are imported, all in one audited transaction. Exit 2 when nothing was valid.

Example: threatmatic inventory import devices.csv`,
  run(ctx) {
    const file = ctx.positionals[0];
    const r = dispatch(ctx.engine(), 'inventory.import', { path: file, kind: stringOpt(ctx, 'kind') }, ctx.call);
    const imported = r.devices + r.users + r.workloads;
    ctx.emit(r, () => {
      const head = keyValues({ file: r.file, format: r.format, devices: r.devices, users: r.users, workloads: r.workloads, rejected: r.rejected.length });
      const list = (title: string, lines: string[]) =>
        lines.length === 0 ? '' : `\n\n${title}:\n${lines.slice(0, SHOWN).map((l) => `  ${l}`).join('\n')}${lines.length > SHOWN ? `\n  … and ${lines.length - SHOWN} more (--json lists all)` : ''}`;
      const merged = r.merged.map((m) => `${m.ip}: discovered device merged into ${m.into_type} '${m.into}' (${m.anomalies} ${m.anomalies === 1 ? 'anomaly' : 'anomalies'}, ${m.incidents.length} ${m.incidents.length === 1 ? 'incident' : 'incidents'} re-attached)`);
      return `${head}${list('Rejected', r.rejected.map((x) => x.message))}${list('Merged', merged)}${list('Warnings', r.warnings)}`;
    });
    if (imported === 0) {
      ctx.note(`threatmatic inventory import: no valid records in '${file}'${r.rejected.length ? ` (${r.rejected.length} problems listed above)` : ''}`);
      return 2;
    }
    return 0;
  },
};
