// Whether a version falls in an advisory's range, per ecosystem: semver for npm (and CVE records that say
// versionType semver), PEP 440 for PyPI (and "python" ranges), and a dotted-number comparison elsewhere.
// Three range shapes are read: OSV's introduced/fixed/last_affected events, the CVE 5 record's own
// `versions[]` entries (version, lessThan, lessThanOrEqual, status) and the free-text ranges some CNAs
// write there ("< 2.6.0", ">= 0.1.0, < 0.8.2"). Each answer carries the range as text, so a match can
// say which range produced it.
import type pep440Lib from '@renovatebot/pep440';
import type semverLib from 'semver';
import { lazyModule } from '../lazy-module';

const semverOf = lazyModule<typeof semverLib>('semver');
const pep440Of = lazyModule<typeof pep440Lib>('@renovatebot/pep440');

export type VersionScheme = 'semver' | 'pep440' | 'generic';

/** The comparison an ecosystem (OSV names) or a CVE record's versionType calls for. */
export function schemeFor(ecosystem: string | null | undefined, versionType?: string | null): VersionScheme {
  const e = (ecosystem ?? '').toLowerCase();
  const t = (versionType ?? '').toLowerCase();
  if (e === 'npm' || t === 'semver' || t === 'npm') return 'semver';
  if (e === 'pypi' || t === 'python' || t === 'pypi' || t === 'pep440') return 'pep440';
  return 'generic';
}

function genericParts(v: string): (number | string)[] {
  return v.replace(/^v/i, '').split(/[.\-+_]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p.toLowerCase()));
}

function genericCompare(a: string, b: string): number {
  const pa = genericParts(a);
  const pb = genericParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    // A pre-release word sorts before the release it precedes (1.0rc1 < 1.0).
    if (typeof x === 'number') return 1;
    if (typeof y === 'number') return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** -1, 0 or 1; null when the scheme cannot read one of the versions (the caller then falls back). */
function compareVersions(scheme: VersionScheme, a: string, b: string): number | null {
  if (scheme === 'semver') {
    const semver = semverOf();
    const x = semver.valid(a) ?? semver.coerce(a, { loose: true })?.version;
    const y = semver.valid(b) ?? semver.coerce(b, { loose: true })?.version;
    return x && y ? semver.compare(x, y) : null;
  }
  if (scheme === 'pep440') {
    const pep440 = pep440Of();
    if (!pep440.valid(a) || !pep440.valid(b)) return null;
    return pep440.compare(a, b);
  }
  if (!/\d/.test(a) || !/\d/.test(b)) return null;
  return genericCompare(a, b);
}

function cmp(scheme: VersionScheme, a: string, b: string): number | null {
  return compareVersions(scheme, a, b) ?? (scheme === 'generic' ? null : compareVersions('generic', a, b));
}

export interface OsvEvent { introduced?: string; fixed?: string; last_affected?: string; limit?: string }

/** A range's answer: whether the version is in it, and the range as text. */
export interface RangeHit { affected: boolean; range: string }

/** OSV ECOSYSTEM or SEMVER events: sorted intervals [introduced, fixed) or [introduced, last_affected]. */
export function inOsvRange(scheme: VersionScheme, version: string, events: readonly OsvEvent[]): RangeHit | null {
  let lower: string | null = null;
  const parts: string[] = [];
  let hit = false;
  let readable = true;
  const check = (lo: string | null, hi: string | null, inclusive: boolean) => {
    const lo0 = lo === null || lo === '0';
    const loC = lo0 ? 0 : cmp(scheme, version, lo!);
    const hiC = hi === null ? -1 : cmp(scheme, version, hi);
    if (loC === null || hiC === null) readable = false;
    else if (loC >= 0 && (inclusive ? hiC <= 0 : hiC < 0)) hit = true;
    parts.push(`${lo0 ? '>=0' : `>=${lo}`}${hi === null ? '' : `, ${inclusive ? '<=' : '<'}${hi}`}`);
  };
  for (const e of events) {
    if (e.introduced !== undefined) {
      if (lower !== null) check(lower, null, false);
      lower = e.introduced;
    } else if (e.fixed !== undefined || e.last_affected !== undefined || e.limit !== undefined) {
      const inclusive = e.last_affected !== undefined;
      check(lower ?? '0', (e.fixed ?? e.last_affected ?? e.limit)!, inclusive);
      lower = null;
    }
  }
  if (lower !== null) check(lower, null, false);
  if (!parts.length) return null;
  if (!hit && !readable) return null;
  return { affected: hit, range: parts.join(' || ') };
}

/** One entry of a CVE 5 record's `affected[].versions[]`. */
export interface CveVersionEntry { version?: string; lessThan?: string; lessThanOrEqual?: string; status?: string; versionType?: string }

const OPEN_BOUND = new Set(['', '0', '*', 'unspecified', 'n/a', 'all', '-']);
const FREE_TEXT_PART = /^(<=|>=|<|>|=)?\s*v?([0-9][0-9A-Za-z.\-+_]*)$/;

/** "< 2.6.0", ">= 0.1.0, < 0.8.2", "through 1.2": the comparisons it names, or null when it is not such a range. */
function freeTextRange(text: string): { op: string; v: string }[] | null {
  const t = text.trim().replace(/^(?:up to|through)\s+/i, '<= ').replace(/^before\s+/i, '< ');
  const out: { op: string; v: string }[] = [];
  for (const part of t.split(/\s*(?:,|\band\b)\s*/i)) {
    const m = FREE_TEXT_PART.exec(part.trim());
    if (!m) return null;
    out.push({ op: m[1] ?? '=', v: m[2] });
  }
  return out.length && out.some((p) => p.op !== '=') ? out : null;
}

/** Whether a CVE 5 `versions[]` entry covers the version; null when it says nothing readable about it. */
export function inCveVersionEntry(scheme: VersionScheme, version: string, entry: CveVersionEntry): RangeHit | null {
  if (entry.status && entry.status !== 'affected') return null;
  const base = (entry.version ?? '').trim();
  const upper = entry.lessThan ?? entry.lessThanOrEqual;
  if (upper !== undefined) {
    if (/^(latest|\*)$/i.test(upper.trim())) {
      const lo = OPEN_BOUND.has(base.toLowerCase()) ? null : base;
      const c = lo === null ? 0 : cmp(scheme, version, lo);
      return c === null ? null : { affected: c >= 0, range: `${lo ? `>=${lo}` : '>=0'}, <=latest (every release)` };
    }
    const inclusive = entry.lessThanOrEqual !== undefined;
    return inOsvRange(scheme, version, [{ introduced: OPEN_BOUND.has(base.toLowerCase()) ? '0' : base }, inclusive ? { last_affected: upper } : { fixed: upper }]);
  }
  const free = freeTextRange(base);
  if (free) {
    let affected = true;
    for (const { op, v } of free) {
      const c = cmp(scheme, version, v);
      if (c === null) return null;
      const ok = op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : c === 0;
      if (!ok) affected = false;
    }
    return { affected, range: free.map(({ op, v }) => `${op === '=' ? '==' : op}${v}`).join(', ') };
  }
  if (OPEN_BOUND.has(base.toLowerCase())) return null;
  const c = cmp(scheme, version, base);
  return c === null ? (base === version ? { affected: true, range: `==${base}` } : null) : { affected: c === 0, range: `==${base}` };
}
