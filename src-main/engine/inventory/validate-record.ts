// Validates one imported inventory record against the shared zod schemas plus IP checks, and words every
// problem for a person: "firmware_status: expected one of current|outdated|eol, got 'old'".
import type { z } from 'zod';
import type { EntityType } from '@shared/domain/enums';
import { deviceRecordSchema, userRecordSchema, workloadRecordSchema, type DeviceRecord, type UserRecord, type WorkloadRecord } from '@shared/domain/inventory';
import { canonicalIp } from './ip';

export type InventoryKind = EntityType;
export const INVENTORY_KINDS: readonly InventoryKind[] = ['device', 'user', 'workload'];
export const ID_FIELD = { device: 'device_id', user: 'user_id', workload: 'workload_id' } as const satisfies Record<InventoryKind, string>;
export const LIST_NAME = { device: 'devices', user: 'users', workload: 'workloads' } as const satisfies Record<InventoryKind, string>;
const SCHEMA = { device: deviceRecordSchema, user: userRecordSchema, workload: workloadRecordSchema } as const;

export type AnyRecord = DeviceRecord | UserRecord | WorkloadRecord;
export interface Problem { field: string; reason: string }
export type Validated = { ok: true; record: AnyRecord; unknown: string[] } | { ok: false; problems: Problem[] };

/** The fields a kind's records may carry. */
export const fieldsOf = (kind: InventoryKind): string[] => Object.keys(SCHEMA[kind].shape);

export function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 80 ? `${v.slice(0, 80)}…` : v}'`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || '(record)';
}

function reasonFor(issue: z.core.$ZodIssue & { input?: unknown }): string {
  const input = issue.input;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join('|')}, got ${show(input)}`;
  if (issue.code === 'invalid_type') return input === undefined ? 'is required' : `expected ${issue.expected}, got ${show(input)}`;
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.message.startsWith('Too ')) {
    // zod's default wording ("Too big: expected string to have <=200 characters") said plainly.
    const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
    const unit = issue.origin === 'array' ? 'items' : 'characters';
    const how = 'exact' in issue && issue.exact ? 'exactly' : issue.code === 'too_big' ? 'at most' : 'at least';
    return `must have ${how} ${String(bound)} ${unit}, got ${show(input)}`;
  }
  const got = input === undefined || typeof input === 'object' ? '' : `, got ${show(input)}`;
  return `${issue.message}${got}`;
}

/**
 * Checks one raw record of a known kind. `indexLists` names list items by position (JSON: ip_addresses[1]);
 * CSV lists come from one cell, so they are named by their column.
 */
export function validateRecord(kind: InventoryKind, raw: Record<string, unknown>, indexLists: boolean): Validated {
  const schema = SCHEMA[kind];
  const known = new Set(fieldsOf(kind));
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  const parsed = schema.safeParse(raw, { reportInput: true });
  const problems: Problem[] = [];
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const field = pathText(indexLists ? issue.path : issue.path.filter((p) => typeof p !== 'number'));
      if (seen.has(field)) continue; // one reason per field: the first is the one to fix
      seen.add(field);
      problems.push({ field, reason: reasonFor(issue) });
    }
    return { ok: false, problems };
  }
  const record = parsed.data as AnyRecord;
  if ('ip_addresses' in record) {
    const ips: string[] = [];
    record.ip_addresses.forEach((rawIp, i) => {
      const ip = canonicalIp(rawIp.trim());
      if (ip) ips.push(ip);
      else problems.push({ field: indexLists ? `ip_addresses[${i}]` : 'ip_addresses', reason: `${show(rawIp)} is not an IP address` });
    });
    record.ip_addresses = [...new Set(ips)];
  }
  return problems.length ? { ok: false, problems } : { ok: true, record, unknown };
}
