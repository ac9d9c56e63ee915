// How statements about one indicator combine: several from one import, or one per feed in the store.
// Worst reputation wins (reputation.ts), categories and actors are unioned in first-seen order,
// first_seen is the earliest and last_seen the latest.
import type { Reputation } from '@shared/domain/enums';
import { worstReputation } from './reputation';

export interface Statement {
  reputation: Reputation;
  categories: string[];
  threat_actors: string[];
  first_seen: number | null;
  last_seen: number | null;
}

function union(into: string[], more: readonly string[]): string[] {
  for (const x of more) if (!into.includes(x)) into.push(x);
  return into;
}

const minOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOrNull = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Folds `next` into `acc` (mutating it) and returns it. */
export function mergeInto(acc: Statement, next: Statement): Statement {
  acc.reputation = worstReputation(acc.reputation, next.reputation);
  union(acc.categories, next.categories);
  union(acc.threat_actors, next.threat_actors);
  acc.first_seen = minOrNull(acc.first_seen, next.first_seen);
  acc.last_seen = maxOrNull(acc.last_seen, next.last_seen);
  return acc;
}

export function mergeAll(statements: readonly Statement[]): Statement {
  const acc: Statement = { reputation: 'benign', categories: [], threat_actors: [], first_seen: null, last_seen: null };
  for (const s of statements) mergeInto(acc, s);
  return acc;
}

/** Trimmed, non-empty, de-duplicated labels (categories, actor names), each at most 200 characters. */
export function cleanLabels(values: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const v of values ?? []) {
    if (typeof v !== 'string') continue;
    const t = v.trim().slice(0, 200);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}
