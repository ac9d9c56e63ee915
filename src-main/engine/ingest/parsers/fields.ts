// Field checks shared by the parsers: each returns the normalized value or rejects naming the field and value.
import { EVENT_KINDS, type EventKind } from '@shared/domain/enums';
import { NOT_ISO, isoTimestampProblem, parseIsoTimestamp } from '@shared/domain/time';
import { canonicalIp, ipv4ToInt } from '../../inventory/ip';
import { reject } from './types';
import { readWindowsRecord, windowsShape } from './windows-record';

/** Earliest and latest plausible event times: anything outside is a relative or garbled clock. */
export const MIN_TS = Date.UTC(2000, 0, 1);
const MAX_TS = Date.UTC(2100, 0, 1);
/** The same bounds in epoch seconds: the two ranges do not overlap, so a number's unit is never a guess. */
const MIN_S = MIN_TS / 1000;
const MAX_S = MAX_TS / 1000;
const EPOCH_DIGITS = /^\d+(\.\d+)?$/;

const KINDS = new Set<string>(EVENT_KINDS);

/** Shows a bad value in a reason: quoted, shortened, never the whole line. */
export function show(value: unknown): string {
  const s = typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** One line of a JSON-lines format: the object it holds, or a rejection saying why not. */
export function jsonObjectLine(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return reject(`invalid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return reject(`expected a JSON object, got ${show(parsed)}`);
  return parsed as Record<string, unknown>;
}

/**
 * Epoch ms of an event time (docs/telemetry-schema.md, Timestamps): an ISO 8601 string with a zone, or
 * epoch seconds or milliseconds (a number or a string of digits) between 2000 and 2100. Never local time:
 * a zone-less string is refused, as is an impossible date (2026-02-30) or anything else.
 */
export function timestampField(name: string, value: unknown): number {
  if (typeof value === 'number') return epochField(name, value);
  if (typeof value !== 'string') return reject(`field '${name}' is not a timestamp: ${show(value)}`);
  const ms = parseIsoTimestamp(value, false);
  if (Number.isNaN(ms)) {
    if (EPOCH_DIGITS.test(value)) return epochField(name, Number(value), value);
    // Text not shaped like a time at all needs no more words; a near miss says what is wrong with it.
    const why = isoTimestampProblem(value, false);
    reject(`field '${name}' is not a timestamp: ${show(value)}${why && why !== NOT_ISO ? `: ${why}` : ''}`);
  }
  if (ms < MIN_TS || ms >= MAX_TS) outOfRange(name, value, ms);
  return ms;
}

/** Epoch seconds or milliseconds, told apart by range; anything outside both is refused. */
function epochField(name: string, n: number, shown: unknown = n): number {
  if (n >= MIN_S && n < MAX_S) return Math.round(n * 1000);
  if (n >= MIN_TS && n < MAX_TS) return Math.round(n);
  if (!Number.isFinite(n) || n < 0) return reject(`field '${name}' is not a timestamp: ${show(shown)} (epoch times are non-negative numbers)`);
  if (n < MIN_S) return outOfRange(name, shown, n * 1000);
  return reject(`field '${name}' is ${show(shown)}: neither epoch seconds (${MIN_S}–${MAX_S}) nor epoch milliseconds (${MIN_TS}–${MAX_TS}), i.e. not between 2000 and 2100`);
}

function outOfRange(name: string, value: unknown, ms: number): never {
  return reject(`field '${name}' is ${show(value)} = ${Number.isFinite(ms) ? new Date(ms).toISOString() : 'out of range'}, outside 2000–2100: a relative or wrong clock, not an absolute time`);
}

export function kindField(value: unknown): EventKind {
  if (typeof value !== 'string' || !KINDS.has(value)) reject(`field 'kind' must be one of ${EVENT_KINDS.join(', ')}; got ${show(value)}`);
  return value as EventKind;
}

/** A canonical IP address (IPv4 as is, IPv6 compressed), or a rejection naming the field. */
export function ipField(name: string, value: unknown): string {
  if (typeof value === 'string') {
    if (ipv4ToInt(value) >= 0) return value; // the common case, without allocating
    const ip = canonicalIp(value);
    if (ip) return ip;
  }
  return reject(`${name} ${show(value)} is not an IP address`);
}

export function portField(name: string, value: unknown): number {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535) reject(`field '${name}' is not a port number (0-65535): ${show(value)}`);
  return n as number;
}

/** A non-negative whole number (byte counts). */
export function countField(name: string, value: unknown): number {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) reject(`field '${name}' is not a non-negative whole number: ${show(value)}`);
  return n as number;
}

/** A non-negative number (durations, severities). */
export function numberField(name: string, value: unknown): number {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) reject(`field '${name}' is not a non-negative number: ${show(value)}`);
  return n as number;
}

export function stringField(name: string, value: unknown): string {
  if (typeof value !== 'string') reject(`field '${name}' must be a string; got ${show(value)}`);
  return value as string;
}

/** DNS names compare case-insensitively and with or without the root dot: store one form. */
export function domainField(name: string, value: unknown): string {
  const s = stringField(name, value);
  const lower = s.toLowerCase();
  return lower.length > 1 && lower.charCodeAt(lower.length - 1) === 46 ? lower.slice(0, -1) : lower;
}

const HEX = /^[0-9a-fA-F]+$/;

/** File hashes (md5/sha1/sha256) are matched against intel in lowercase hex. */
export function hashField(name: string, value: unknown): string {
  const s = stringField(name, value);
  if (!HEX.test(s) || (s.length !== 32 && s.length !== 40 && s.length !== 64)) reject(`field '${name}' is not an MD5, SHA-1 or SHA-256 hex digest: ${show(value)}`);
  return s.toLowerCase();
}

export function outcomeField(name: string, value: unknown): 'success' | 'failure' {
  if (value !== 'success' && value !== 'failure') reject(`field '${name}' must be 'success' or 'failure'; got ${show(value)}`);
  return value as 'success' | 'failure';
}

export function answersField(name: string, value: unknown): string[] {
  if (!Array.isArray(value)) reject(`field '${name}' must be an array of strings; got ${show(value)}`);
  const list = value as unknown[];
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') reject(`field '${name}[${i}]' must be a string; got ${show(list[i])}`);
  return list as string[];
}

/** A Windows event log record (NXLog/Logstash, Winlogbeat or evtx_dump JSON) inside a file of another format. */
export function windowsEventNote(obj: Record<string, unknown>): string | null {
  const shape = windowsShape(obj);
  if (!shape) return null;
  const r = readWindowsRecord(obj, shape);
  return `Windows event log record (EventID ${r.eventId}, channel '${r.channel}') in a file of another format: ingest Windows logs as a file of their own (format windows_events)`;
}
