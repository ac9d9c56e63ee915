// Timestamps travel as ISO 8601 strings with milliseconds (as in the spec) and are stored as epoch ms.
// Reading is strict and never depends on the machine: no local time, no calendar roll-over
// (2026-02-30 is refused, not read as March 2), no guessing from free text ("foo 1").

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms == null ? null : new Date(ms).toISOString();
}

/**
 * YYYY-MM-DD, then optionally [T or space]hh:mm[:ss[.fraction]] and a zone (Z, ±hh, ±hhmm, ±hh:mm).
 * Groups: 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second, 7 fraction, 8 zone.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** What isoTimestampProblem says of text that is not shaped like a timestamp at all. */
export const NOT_ISO = 'not an ISO 8601 timestamp (e.g. 2026-05-21T09:00:00Z)';

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why `s` is not a timestamp these rules accept, or null when it is one. `zoneless`: whether a time without a zone (read as UTC) and a bare date are accepted. */
export function isoTimestampProblem(s: string, zoneless: boolean): string | null {
  const m = ISO.exec(s);
  if (!m) return NOT_ISO;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `month ${m[2]} does not exist`;
  if (day < 1 || day > daysInMonth(year, month)) return `${m[1]}-${m[2]}-${m[3]} is not a date (that month has ${daysInMonth(year, month)} days)`;
  if (m[4] === undefined) return zoneless ? null : 'a date without a time of day';
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || (m[6] !== undefined && Number(m[6]) > 59)) return `${m[4]}:${m[5]}${m[6] ? `:${m[6]}` : ''} is not a time of day`;
  if (m[8] === undefined) return zoneless ? null : 'no time zone: add Z or ±hh:mm (a time without a zone would mean something else on each machine)';
  const zone = /^[+-](\d{2}):?(\d{2})?$/.exec(m[8]);
  if (zone && (Number(zone[1]) > 23 || Number(zone[2] ?? 0) > 59)) return `time zone ${m[8]} does not exist`;
  return null;
}

/** Epoch ms of a strict ISO 8601 timestamp (rules of isoTimestampProblem); NaN when it is not one. */
export function parseIsoTimestamp(s: string, zoneless: boolean): number {
  if (isoTimestampProblem(s, zoneless) !== null) return NaN;
  const m = ISO.exec(s)!;
  // Milliseconds are the first three fraction digits (finer digits are dropped, as Date.parse does).
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), ms);
  const zone = m[8];
  if (zone === undefined || zone === 'Z' || zone === 'z') return utc;
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
  const offset = (Number(z[2]) * 60 + Number(z[3] ?? 0)) * 60_000;
  return z[1] === '+' ? utc - offset : utc + offset;
}

const EPOCH = /^\d+(\.\d+)?$/;

/**
 * Epoch ms from epoch seconds or ms (a number, or a string of digits: below 1e12 is seconds) or a strict
 * ISO 8601 string (a bare date or a zone-less time is UTC); NaN otherwise. For metadata (feeds, filters);
 * event times follow the stricter telemetry rules (ingest/parsers/fields.ts).
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return !Number.isFinite(value) || value < 0 ? NaN : value < 1e12 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value !== 'string' || value.length === 0) return NaN;
  if (EPOCH.test(value)) return parseTimestamp(Number(value));
  return parseIsoTimestamp(value, true);
}
