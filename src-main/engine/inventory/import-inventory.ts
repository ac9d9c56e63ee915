// importInventoryFile: devices, users and workloads from a JSON or CSV file, validated record by record and
// upserted in one audited transaction; bad records are reported by index or line and field, never dropped silently.
import type { Actor } from '@shared/domain/actor';
import type { DeviceRecord, UserRecord, WorkloadRecord } from '@shared/domain/inventory';
import type { Engine } from '../engine';
import { UserError } from '../errors';
import { readRegularTextFile } from '../util/input-file';
import { detectFormat, readCsv, readJson } from './inventory-file';
import { mergeClaimedDevices, type MergedDevice } from './merge-discovered';
import { ID_FIELD, INVENTORY_KINDS, LIST_NAME, validateRecord, type AnyRecord, type InventoryKind } from './validate-record';

interface InventoryRejection {
  /** The record: 'devices[3]', '[3]' for a bare array, 'line 5' for CSV. */
  where: string;
  /** The field at fault, when one is ('firmware_status', 'ip_addresses[1]'). */
  field?: string;
  reason: string;
  /** The whole message: "devices[3].firmware_status: expected …" or "line 5: ip_addresses: '…' is not an IP address". */
  message: string;
}

export interface InventoryImportResult {
  file: string;
  format: 'json' | 'csv';
  /** Records upserted, by kind. */
  devices: number;
  users: number;
  workloads: number;
  rejected: InventoryRejection[];
  /** Things imported anyway but worth a look: unknown fields ignored, duplicate ids, shared addresses. */
  warnings: string[];
  /** Discovered devices whose address an imported device claimed: their anomalies and incidents now belong to it. */
  merged: MergedDevice[];
}

function formatRejection(where: string, field: string | undefined, reason: string): string {
  if (!field) return `${where}: ${reason}`;
  return where.startsWith('line ') ? `${where}: ${field}: ${reason}` : `${where}.${field}: ${reason}`;
}

const rejection = (where: string, field: string | undefined, reason: string): InventoryRejection => ({ where, ...(field ? { field } : {}), reason, message: formatRejection(where, field, reason) });

export function importInventoryFile(engine: Engine, path: string, opts: { actor: Actor; kind?: InventoryKind | string }): InventoryImportResult {
  if (opts.kind !== undefined && !INVENTORY_KINDS.includes(opts.kind as InventoryKind)) {
    throw new UserError('invalid_input', `--kind must be one of ${INVENTORY_KINDS.join(', ')}, got '${opts.kind}'`, 'kind');
  }
  const kind = opts.kind as InventoryKind | undefined;
  let text: string;
  try {
    text = readRegularTextFile(path);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError('invalid_input', `cannot read inventory file '${path}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'file');
  }
  const read = detectFormat(path, text) === 'json' ? readJson(path, text, kind) : readCsv(path, text, kind);
  const result: InventoryImportResult = { file: path, format: read.format, devices: 0, users: 0, workloads: 0, rejected: [], warnings: read.warnings, merged: [] };
  result.rejected.push(...read.refused.map((r) => rejection(r.where, r.field, r.reason)));

  const good: { kind: InventoryKind; where: string; record: AnyRecord }[] = [];
  const unknownFields = new Map<string, number>();
  for (const entry of read.entries) {
    const v = validateRecord(entry.kind, entry.raw, read.format === 'json');
    const problems = [...entry.problems, ...(v.ok ? [] : v.problems)];
    if (problems.length > 0) {
      result.rejected.push(...problems.map((p) => rejection(entry.where, p.field, p.reason)));
      continue;
    }
    if (!v.ok) continue;
    for (const f of v.unknown) unknownFields.set(`${LIST_NAME[entry.kind]}\u0000${f}`, (unknownFields.get(`${LIST_NAME[entry.kind]}\u0000${f}`) ?? 0) + 1);
    good.push({ kind: entry.kind, where: entry.where, record: v.record });
  }
  for (const [key, n] of unknownFields) {
    const [list, field] = key.split('\u0000');
    result.warnings.push(`${list}: unknown field '${field}' ignored (${n} record${n === 1 ? '' : 's'})`);
  }
  result.warnings.push(...duplicateWarnings(engine, good));
  // Report in file order whatever the reader found first.
  result.rejected.sort((a, b) => order(a.where) - order(b.where));

  if (good.length === 0) return result;
  engine.db.transaction(() => {
    for (const g of good) {
      if (g.kind === 'device') { engine.inventory.upsertDevice(g.record as DeviceRecord); result.devices++; }
      else if (g.kind === 'user') { engine.inventory.upsertUser(g.record as UserRecord); result.users++; }
      else { engine.inventory.upsertWorkload(g.record as WorkloadRecord); result.workloads++; }
    }
    result.merged = mergeClaimedDevices(engine, opts.actor);
    engine.audit.append({
      actor: opts.actor, action: 'inventory.import', params: { file: path, format: read.format, kind: kind ?? null }, outcome: 'ok',
      detail: { devices: result.devices, users: result.users, workloads: result.workloads, rejected: result.rejected.length },
    });
  }).immediate();
  engine.posture.catchUp();
  return result;
}

/** Sort key keeping rejections in file order: by line, or by list then index. */
function order(where: string): number {
  const line = /^line (\d+)/.exec(where);
  if (line) return Number(line[1]);
  const idx = /^(\w*)(?:\[(\d+)\])?/.exec(where)!;
  const list = ['', 'devices', 'users', 'workloads'].indexOf(idx[1]);
  return list * 1e9 + (idx[2] === undefined ? -1 : Number(idx[2]));
}

function duplicateWarnings(engine: Engine, good: { kind: InventoryKind; where: string; record: AnyRecord }[]): string[] {
  const warnings: string[] = [];
  const firstAt = new Map<string, string>();
  const ipOwner = new Map<string, string>();
  for (const g of good) {
    const id = (g.record as unknown as Record<string, string>)[ID_FIELD[g.kind]];
    const key = `${g.kind}:${id}`;
    const first = firstAt.get(key);
    if (first) warnings.push(`${g.where}: ${ID_FIELD[g.kind]} '${id}' appears again (first at ${first}); the later record wins`);
    else firstAt.set(key, g.where);
    if (!('ip_addresses' in g.record)) continue;
    for (const ip of g.record.ip_addresses) {
      const other = ipOwner.get(ip);
      const stored = engine.inventory.entityForIp(ip);
      if (other && other !== id) warnings.push(`${g.where}: ip address ${ip} is also listed for '${other}' in this file; telemetry from it is attributed to the last one`);
      else if (!other && stored && stored.id !== id && !engine.inventory.isDiscovered(stored.id)) warnings.push(`${g.where}: ip address ${ip} already belonged to ${stored.type} '${stored.id}'; telemetry from it is now attributed to '${id}'`);
      ipOwner.set(ip, id);
    }
  }
  return warnings;
}
