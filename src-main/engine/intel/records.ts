// From what a feed file said to what the store writes: canonical values, de-duplicated within the
// import, with each refused entry reported by line and reason while the good ones are kept.
import type { IndicatorKind, Reputation } from '@shared/domain/enums';
import { parseAs } from './indicator';
import type { NormalRecord } from './intel-writer';
import { cleanLabels, mergeInto } from './merge';
import { isReputation } from './reputation';

/** One indicator as a feed states it (value may be defanged or non-canonical). */
export interface IndicatorRecord {
  value: string;
  /** The type the source declared, checked against the value; inferred from the value when absent. */
  kind?: IndicatorKind;
  reputation: Reputation;
  categories: string[];
  threat_actors: string[];
  first_seen?: number;
  last_seen?: number;
  /** Where the entry is in its file (1-based), for rejection reports. */
  line?: number;
}

export interface ImportReject {
  line: number;
  reason: string;
}

/** At most this many rejects are listed one by one; the count covers all of them. */
const MAX_LISTED_REJECTS = 1000;

export class RejectList {
  readonly items: ImportReject[] = [];
  count = 0;

  add(line: number, reason: string): void {
    this.count++;
    if (this.items.length < MAX_LISTED_REJECTS) this.items.push({ line, reason });
  }

  addAll(more: Iterable<ImportReject>): void {
    for (const r of more) this.add(r.line, r.reason);
  }
}

const validTime = (t: number | undefined): number | null => (t === undefined || !Number.isFinite(t) ? null : Math.round(t));

/**
 * Normalizes records. Dates a source does not give default to `now` (first_seen) and to first_seen
 * (last_seen): for a bare blocklist, "first/last listed by this feed" is what we know.
 */
export interface Normalized {
  /** One per distinct indicator, statements about the same one merged. */
  records: NormalRecord[];
  /** Entries accepted (before de-duplication), in total and by kind. */
  accepted: number;
  byKind: Partial<Record<IndicatorKind, number>>;
}

export function normalizeRecords(records: readonly IndicatorRecord[], now: number, rejects: RejectList): Normalized {
  const byKey = new Map<string, NormalRecord>();
  const byKind: Partial<Record<IndicatorKind, number>> = {};
  let accepted = 0;
  records.forEach((r, i) => {
    const line = r.line ?? i + 1;
    const shown = String(r.value ?? '').slice(0, 120);
    if (typeof r.value !== 'string') return rejects.add(line, 'value is missing');
    if (!isReputation(r.reputation)) return rejects.add(line, `'${shown}': reputation '${r.reputation}' is not malicious, suspicious, unknown or benign`);
    const p = parseAs(r.value, r.kind);
    if ('error' in p) return rejects.add(line, `'${shown}': ${p.error}`);
    const given = validTime(r.first_seen);
    const lastGiven = validTime(r.last_seen);
    const first = given ?? (lastGiven !== null ? Math.min(lastGiven, now) : now);
    const rec: NormalRecord = {
      kind: p.kind,
      value: p.value,
      reputation: r.reputation,
      categories: cleanLabels(r.categories),
      threat_actors: cleanLabels(r.threat_actors),
      first_seen: first,
      last_seen: Math.max(first, lastGiven ?? first),
    };
    accepted++;
    byKind[p.kind] = (byKind[p.kind] ?? 0) + 1;
    const key = `${p.kind}\u0000${p.value}`;
    const prev = byKey.get(key);
    if (prev) mergeInto(prev, rec);
    else byKey.set(key, rec);
  });
  return { records: [...byKey.values()], accepted, byKind };
}
