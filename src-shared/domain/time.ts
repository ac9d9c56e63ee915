// Timestamps travel as ISO 8601 strings with milliseconds (as in the spec) and are stored as epoch ms.

export function isoOrNull(ms: number | null | undefined): string | null {
  return ms == null ? null : new Date(ms).toISOString();
}

/** Parses an ISO 8601 / RFC 3339 timestamp (or epoch seconds/ms as a number); NaN when it is not one. */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return value < 1e12 ? Math.round(value * 1000) : Math.round(value);
  if (typeof value !== 'string' || value.length === 0) return NaN;
  if (/^\d+(\.\d+)?$/.test(value)) return parseTimestamp(Number(value));
  return Date.parse(value);
}
