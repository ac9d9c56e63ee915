// How many devices, workloads and users are in each state a compliance check asks about (not enrolled,
// certificate expiring, end-of-life firmware, silent, without MFA…) and, up to a sample size, which:
// counted in one scan per table, ids fetched only for states that occur. The inventory store's reads.
import { sql, type SqlFragment, type SqlRunner } from '../db/sql';

/** How many entities are in a state, and (up to the sample size) which. */
export interface Sample { count: number; ids: string[] }

export interface StateWindows {
  /** A certificate expiring within this many ms is "expiring". */
  certWarnMs: number;
  /** Not seen for this many ms is "silent". */
  silentAfterMs: number;
  /** At most this many ids per state. */
  sampleIds: number;
}

type DeviceState = 'notEnrolled' | 'unverified' | 'untrusted' | 'certExpired' | 'certExpiring' | 'eol' | 'outdated' | 'silent';
export type DeviceStates = { total: number } & Record<DeviceState, Sample>;

/** Device states as SQL conditions on `now`, every time bound as a parameter (the statement text never changes). */
function deviceConditions(now: number, w: StateWindows): Record<DeviceState, SqlFragment> {
  return {
    notEnrolled: sql`enrolled_at IS NULL`,
    unverified: sql`trust_level = 'unverified'`,
    untrusted: sql`trust_level = 'untrusted'`,
    certExpired: sql`cert_expires_at IS NOT NULL AND cert_expires_at <= ${now}`,
    certExpiring: sql`cert_expires_at > ${now} AND cert_expires_at <= ${now + w.certWarnMs}`,
    eol: sql`firmware_status = 'eol'`,
    outdated: sql`firmware_status = 'outdated'`,
    silent: sql`(last_seen IS NULL OR last_seen < ${now - w.silentAfterMs})`,
  };
}

export function deviceStates(q: SqlRunner, now: number, w: StateWindows): DeviceStates {
  const conds = deviceConditions(now, w);
  const names = Object.keys(conds) as DeviceState[];
  const sums = sql.join(names.map((n) => sql`COALESCE(SUM(${conds[n]}), 0) AS ${sql.raw(n)}`));
  const counts = q.get<Record<DeviceState | 'total', number>>(sql`SELECT COUNT(*) AS total, ${sums} FROM devices`, 'inventory.deviceStates')!;
  const sample = (n: DeviceState): Sample => ({
    count: counts[n],
    ids: counts[n] === 0 ? [] : q.column<string>(sql`SELECT device_id FROM devices WHERE ${conds[n]} ORDER BY device_id LIMIT ${w.sampleIds}`, `inventory.deviceStates.${n}`),
  });
  return { total: counts.total, ...(Object.fromEntries(names.map((n) => [n, sample(n)])) as Record<DeviceState, Sample>) };
}

function sampleOf(q: SqlRunner, name: string, count: SqlFragment, ids: SqlFragment, limit: number): Sample {
  const n = q.value<number>(count, `${name}.count`)!;
  return { count: n, ids: n === 0 ? [] : q.column<string>(sql`${ids} LIMIT ${limit}`, `${name}.ids`) };
}

export function workloadStates(q: SqlRunner, now: number, w: StateWindows): { total: number; silent: Sample } {
  const since = now - w.silentAfterMs;
  return {
    total: q.value<number>(sql`SELECT COUNT(*) FROM workloads`, 'inventory.workload.count')!,
    silent: sampleOf(q, 'inventory.silentWorkloads', sql`SELECT COUNT(*) FROM workloads WHERE last_seen IS NULL OR last_seen < ${since}`,
      sql`SELECT workload_id FROM workloads WHERE last_seen IS NULL OR last_seen < ${since} ORDER BY workload_id`, w.sampleIds),
  };
}

export function userStates(q: SqlRunner, w: StateWindows): { enabled: number; withoutMfa: Sample } {
  return {
    enabled: q.value<number>(sql`SELECT COUNT(*) FROM users WHERE enabled = 1`, 'inventory.enabledUsers')!,
    withoutMfa: sampleOf(q, 'inventory.usersWithoutMfa', sql`SELECT COUNT(*) FROM users WHERE enabled = 1 AND mfa_enrolled = 0`,
      sql`SELECT user_id FROM users WHERE enabled = 1 AND mfa_enrolled = 0 ORDER BY user_id`, w.sampleIds),
  };
}
