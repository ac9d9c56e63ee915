// Reads an inventory file (JSON or CSV) into raw entries, each located by list index or line, before validation.
import { UserError } from '../errors';
import { CsvError, csvRows } from '../util/csv';
import { ID_FIELD, INVENTORY_KINDS, LIST_NAME, fieldsOf, show, type InventoryKind, type Problem } from './validate-record';

interface RawEntry {
  kind: InventoryKind;
  /** 'devices[3]', '[3]' (a bare array) or 'line 5'. */
  where: string;
  raw: Record<string, unknown>;
  /** Conversion problems found before schema validation (CSV cells that are not booleans…). */
  problems: Problem[];
}

export interface ReadResult {
  format: 'json' | 'csv';
  entries: RawEntry[];
  /** Whole entries refused before validation (not an object, unknown kind, bad CSV row). */
  refused: { where: string; field?: string; reason: string }[];
  warnings: string[];
}

const LIST_FIELDS = new Set(['ip_addresses', 'groups']);
const BOOL_FIELDS = new Set(['mfa_enrolled', 'enabled']);
const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

const kindOfRecord = (o: Record<string, unknown>): InventoryKind[] => INVENTORY_KINDS.filter((k) => ID_FIELD[k] in o);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function detectFormat(path: string, text: string): 'json' | 'csv' {
  const ext = path.toLowerCase().slice(path.lastIndexOf('.') + 1);
  if (ext === 'json') return 'json';
  if (ext === 'csv') return 'csv';
  const first = text.replace(/^\ufeff/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

export function readJson(path: string, text: string, kind?: InventoryKind): ReadResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (err) {
    throw new UserError('invalid_input', `'${path}' is not valid JSON: ${(err as Error).message}`, 'file');
  }
  const out: ReadResult = { format: 'json', entries: [], refused: [], warnings: [] };
  const take = (item: unknown, where: string, fixed: InventoryKind | undefined) => {
    if (!isObject(item)) return out.refused.push({ where, reason: `expected a record object, got ${show(item)}` });
    const kinds = fixed ? [fixed] : kindOfRecord(item);
    if (kinds.length !== 1) {
      const why = kinds.length === 0 ? `it has none of ${Object.values(ID_FIELD).join(', ')}` : `it has ${kinds.map((k) => ID_FIELD[k]).join(' and ')}`;
      return out.refused.push({ where, reason: `cannot tell whether this is a device, user or workload: ${why} (use --kind)` });
    }
    out.entries.push({ kind: kinds[0], where, raw: item, problems: [] });
  };

  if (Array.isArray(doc)) {
    doc.forEach((item, i) => take(item, `[${i}]`, kind));
  } else if (isObject(doc) && kindOfRecord(doc).length > 0 && !INVENTORY_KINDS.some((k) => LIST_NAME[k] in doc)) {
    take(doc, '(record)', kind);
  } else if (isObject(doc)) {
    if (kind) throw new UserError('invalid_input', `--kind applies to a bare JSON array or a CSV file; '${path}' names its lists (devices, users, workloads)`, 'kind');
    for (const [key, value] of Object.entries(doc)) {
      const k = INVENTORY_KINDS.find((x) => LIST_NAME[x] === key);
      if (!k) { out.warnings.push(`unknown top-level key '${key}' ignored (expected devices, users, workloads)`); continue; }
      if (!Array.isArray(value)) { out.refused.push({ where: key, reason: `expected a list of records, got ${show(value)}` }); continue; }
      value.forEach((item, i) => take(item, `${key}[${i}]`, k));
    }
  } else {
    throw new UserError('invalid_input', `'${path}' holds ${show(doc)}; expected { "devices": [...], "users": [...], "workloads": [...] } or a list of records`, 'file');
  }
  return out;
}

export function readCsv(path: string, text: string, kind?: InventoryKind): ReadResult {
  const out: ReadResult = { format: 'csv', entries: [], refused: [], warnings: [] };
  const rows = csvRows(text);
  let header: string[] | undefined;
  let recordKind: InventoryKind | undefined;
  let known = new Set<string>();
  try {
    for (const row of rows) {
      if (!header) {
        header = row.fields.map((h) => h.trim().toLowerCase());
        const kinds = INVENTORY_KINDS.filter((k) => header!.includes(ID_FIELD[k]));
        if (kind && !kinds.includes(kind)) throw new UserError('invalid_input', `'${path}': --kind ${kind} needs a ${ID_FIELD[kind]} column; the header has ${header.join(', ')}`, 'kind');
        recordKind = kind ?? (kinds.length === 1 ? kinds[0] : undefined);
        if (!recordKind) {
          throw new UserError('invalid_input', kinds.length === 0
            ? `'${path}': cannot tell the record kind from the header: it needs a device_id, user_id or workload_id column (header: ${header.join(', ')})`
            : `'${path}': the header has ${kinds.map((k) => ID_FIELD[k]).join(' and ')}; say which kind the rows are with --kind`, 'kind');
        }
        known = new Set(fieldsOf(recordKind));
        for (const h of header) if (!known.has(h)) out.warnings.push(`line 1: unknown column '${h}' ignored (${LIST_NAME[recordKind]} have ${[...known].join(', ')})`);
        continue;
      }
      const where = `line ${row.line}`;
      if (row.fields.length > header.length) { out.refused.push({ where, reason: `has ${row.fields.length} fields but the header has ${header.length}` }); continue; }
      const raw: Record<string, unknown> = {};
      const problems: Problem[] = [];
      header.forEach((h, i) => {
        const cell = (row.fields[i] ?? '').trim();
        if (!known.has(h) || cell === '') return;
        if (LIST_FIELDS.has(h)) raw[h] = cell.split(/[;|]/).map((s) => s.trim()).filter(Boolean);
        else if (BOOL_FIELDS.has(h)) {
          const v = cell.toLowerCase();
          if (TRUE.has(v)) raw[h] = true;
          else if (FALSE.has(v)) raw[h] = false;
          else problems.push({ field: h, reason: `expected true/false/yes/no/1/0, got ${show(cell)}` });
        } else raw[h] = cell;
      });
      out.entries.push({ kind: recordKind!, where, raw, problems });
    }
  } catch (err) {
    // An unterminated quote swallows the rest of the file: the rows before it are kept, the break is reported.
    if (!(err instanceof CsvError)) throw err;
    out.refused.push({ where: `line ${err.line}`, reason: err.message.replace(/^line \d+: /, '') });
  }
  if (!header) out.warnings.push('the file is empty');
  return out;
}
