// What every intel file parser returns, and the small helpers they share.
import type { Reputation } from '@shared/domain/enums';
import type { ImportReject, IndicatorRecord } from '../records';

export const INTEL_FORMATS = ['stix', 'misp', 'csv', 'plain'] as const;
export type IntelFormat = (typeof INTEL_FORMATS)[number];

export interface ParseOptions {
  /** The verdict for entries whose source states none (default malicious). */
  reputation: Reputation;
}

export interface ParsedFeed {
  records: IndicatorRecord[];
  rejects: ImportReject[];
  /** Entries that are fine but not indicators this store matches, counted by why. */
  skipped: Record<string, number>;
}

export function emptyFeed(): ParsedFeed {
  return { records: [], rejects: [], skipped: {} };
}

export function skip(feed: ParsedFeed, why: string): void {
  feed.skipped[why] = (feed.skipped[why] ?? 0) + 1;
}

/**
 * For JSON feeds: the line each object id / uuid appears on, found in one pass, so a refused STIX
 * indicator or MISP attribute is reported at its place in the file.
 */
export function jsonLineIndex(text: string): (ref: unknown) => number {
  const lines = new Map<string, number>();
  const re = /"(?:id|uuid)"\s*:\s*"([^"\\]{1,200})"/g;
  let line = 1;
  // The next newline not counted yet (-1: none left). Each newline is found once: searching again from every
  // match made a file with no newline after its ids (minified JSON, one line) O(ids × length).
  let nl = text.indexOf('\n');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    while (nl >= 0 && nl < m.index) {
      line++;
      nl = text.indexOf('\n', nl + 1);
    }
    if (!lines.has(m[1])) lines.set(m[1], line);
  }
  return (ref) => (typeof ref === 'string' ? (lines.get(ref) ?? 0) : 0);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
