// Input checks shared by the policy actions: expiry timestamps and the errors that name the field.
import { isoOrNull } from '@shared/domain/time';
import { invalid } from '../errors';

/** A date, or a date and time with a zone (a zone-less time would depend on this machine's time zone). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2}))?$/;

/** Epoch ms of an ISO 8601 expiry in the future; null when omitted; else an error naming the field. */
export function parseExpiry(field: string, raw: string | undefined, now: number): number | null {
  if (raw === undefined) return null;
  const text = raw.trim();
  const m = ISO.exec(text);
  if (!m) {
    const hint = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? ': add a time zone (Z or ±hh:mm)' : ' (e.g. 2026-05-21T18:00:00Z)';
    throw invalid(field, `'${raw}' is not an ISO 8601 timestamp${hint}`);
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  const ms = Date.parse(text.replace(' ', 'T'));
  if (day < 1 || day > daysInMonth || Number.isNaN(ms)) throw invalid(field, `'${raw}' is not a valid date and time`);
  if (ms <= now) throw invalid(field, `'${raw}' is not in the future (now is ${isoOrNull(now)}); give a later time, or omit it for no expiry`);
  return ms;
}

/** Trimmed free text, or null when empty or omitted. */
export function reasonText(raw: string | undefined): string | null {
  const t = raw?.trim();
  return t ? t : null;
}
