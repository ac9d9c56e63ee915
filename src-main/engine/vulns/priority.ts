// The spec's priority score (0–100): CVSS base 40 points, stack match 30, EPSS 20, age 10. Each component
// is returned with its input and the date of that input, so the console can show why a CVE ranks where it
// does. How each input becomes points:
// - CVSS: base score × 4 (10.0 → 40), from the preferred vector (newest CVSS version in the records);
// - stack: 30 for a match on a package identity and version range, 15 for a low-confidence match (CPE or
//   description fallback, or a stack entry without a version), 0 when nothing on the stack is affected;
// - EPSS: the exploitation probability × 20;
// - age: 10 on the day of publication, falling linearly to 0 two years later (a fresh disclosure is the
//   most probed and the least likely to be patched already).
import type { MatchConfidence } from './matching';

const PRIORITY_WEIGHTS = { cvss: 40, stack: 30, epss: 20, age: 10 } as const;
const AGE_WINDOW_DAYS = 730;
const DAY = 86_400_000;

export interface PriorityInputs {
  cvss_score: number | null;
  cvss_label: string | null;
  cvss_date: number | null;
  /** The best match on the stack, or null. */
  stack: { confidence: MatchConfidence; label: string; date: number } | null;
  epss: number | null;
  epss_percentile: number | null;
  epss_date: string | null;
  published: number | null;
}

interface Component { points: number; max: number; input: string; date: string | null }
export interface PriorityBreakdown { total: number; cvss: Component; stack: Component; epss: Component; age: Component }

const round1 = (n: number) => Math.round(n * 10) / 10;
const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

export function computePriority(i: PriorityInputs, now: number): PriorityBreakdown {
  const cvss: Component = i.cvss_score === null
    ? { points: 0, max: PRIORITY_WEIGHTS.cvss, input: 'no CVSS vector in the imported records', date: null }
    : { points: round1((i.cvss_score / 10) * PRIORITY_WEIGHTS.cvss), max: PRIORITY_WEIGHTS.cvss, input: `${i.cvss_score.toFixed(1)}${i.cvss_label ? ` (${i.cvss_label})` : ''}`, date: day(i.cvss_date) };
  const stack: Component = !i.stack
    ? { points: 0, max: PRIORITY_WEIGHTS.stack, input: 'nothing on the stack is affected', date: null }
    : {
      points: i.stack.confidence === 'low' ? PRIORITY_WEIGHTS.stack / 2 : PRIORITY_WEIGHTS.stack, max: PRIORITY_WEIGHTS.stack,
      input: `${i.stack.label}${i.stack.confidence === 'low' ? ' (low-confidence match: half points)' : ''}`, date: day(i.stack.date),
    };
  const epss: Component = i.epss === null
    ? { points: 0, max: PRIORITY_WEIGHTS.epss, input: 'no EPSS score imported', date: null }
    : { points: round1(i.epss * PRIORITY_WEIGHTS.epss), max: PRIORITY_WEIGHTS.epss, input: `${i.epss.toFixed(5)} (percentile ${((i.epss_percentile ?? 0) * 100).toFixed(1)})`, date: i.epss_date };
  let age: Component;
  if (i.published === null) age = { points: 0, max: PRIORITY_WEIGHTS.age, input: 'publication date unknown', date: null };
  else {
    const days = Math.max(0, Math.floor((now - i.published) / DAY));
    age = { points: round1(PRIORITY_WEIGHTS.age * Math.max(0, 1 - days / AGE_WINDOW_DAYS)), max: PRIORITY_WEIGHTS.age, input: `${days} days since publication`, date: day(i.published) };
  }
  return { total: round1(cvss.points + stack.points + epss.points + age.points), cvss, stack, epss, age };
}
