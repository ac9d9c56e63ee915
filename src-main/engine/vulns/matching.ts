// Whether one advisory rule affects one stack entry, and which rule and range said so. Package identities
// with ecosystem version ranges come first (OSV ranges and versions lists, the CVE record's own
// versions[]); CPEs (NVD configurations, CISA ADP) and product names read from descriptions are a
// fallback, marked low-confidence, since NVD no longer adds CPEs to most CVEs and a CPE names a product,
// not a package. An entry without a version matches on its name alone, also low-confidence.
import type { AffectedRule } from './types';
import { inCveVersionEntry, inOsvRange, schemeFor, type RangeHit, type VersionScheme } from './versions';

export type MatchConfidence = 'high' | 'medium' | 'low';
type MatchRule = 'osv-range' | 'osv-versions' | 'cve-affected' | 'cpe-fallback' | 'description-fallback' | 'name-only';

export interface StackKey { id: string; package: string; version: string | null; ecosystem: string | null }

export interface MatchResult { rule: MatchRule; range: string; confidence: MatchConfidence }

function ecosystemsClash(a: string | null, b: string | null): boolean {
  return !!a && !!b && a.toLowerCase() !== b.toLowerCase();
}

function cpeBounds(scheme: VersionScheme, version: string, r: Extract<AffectedRule, { kind: 'cpe' }>): RangeHit | null {
  if (r.version) return inCveVersionEntry(scheme, version, { version: r.version, status: 'affected' });
  const events = [] as { introduced?: string; fixed?: string; last_affected?: string }[];
  events.push({ introduced: r.start_incl ?? '0' });
  if (r.end_excl) events.push({ fixed: r.end_excl });
  else if (r.end_incl) events.push({ last_affected: r.end_incl });
  else return r.start_incl || r.start_excl ? inOsvRange(scheme, version, events) : { affected: true, range: 'every version (the CPE names no version)' };
  const hit = inOsvRange(scheme, version, events);
  if (hit && r.start_excl && hit.affected && version === r.start_excl) return { ...hit, affected: false };
  return hit;
}

export function matchRule(entry: StackKey, rule: AffectedRule): MatchResult | null {
  if (rule.package !== entry.package) return null;
  const ruleEco = rule.kind === 'cpe' ? null : rule.ecosystem;
  if (ecosystemsClash(entry.ecosystem, ruleEco)) return null;
  if (!entry.version) {
    return { rule: 'name-only', range: `${describe(rule)} (the stack entry gives no version)`, confidence: 'low' };
  }
  const v = entry.version;
  if (rule.kind === 'osv') {
    const scheme = schemeFor(rule.ecosystem ?? entry.ecosystem);
    for (const r of rule.ranges) {
      if (r.type !== 'ECOSYSTEM' && r.type !== 'SEMVER') continue;
      const hit = inOsvRange(r.type === 'SEMVER' ? 'semver' : scheme, v, r.events);
      if (hit?.affected) return { rule: 'osv-range', range: `${rule.ecosystem ?? 'ecosystem'} ${hit.range}`, confidence: 'high' };
    }
    if (rule.versions.includes(v)) return { rule: 'osv-versions', range: `${rule.ecosystem ?? ''} versions list includes ${v}`.trim(), confidence: 'high' };
    return null;
  }
  if (rule.kind === 'cve') {
    for (const entryV of rule.versions) {
      const hit = inCveVersionEntry(schemeFor(rule.ecosystem ?? entry.ecosystem, entryV.versionType), v, entryV);
      if (hit?.affected) return { rule: 'cve-affected', range: `${rule.vendor ? `${rule.vendor} ` : ''}${rule.product} ${hit.range}`, confidence: 'high' };
    }
    return null;
  }
  const hit = cpeBounds(schemeFor(entry.ecosystem), v, rule);
  if (!hit?.affected) return null;
  return rule.origin === 'description'
    ? { rule: 'description-fallback', range: `${hit.range} from ${rule.cpe}`, confidence: 'low' }
    : { rule: 'cpe-fallback', range: `${rule.cpe} ${hit.range} (${rule.origin})`, confidence: 'low' };
}

function describe(rule: AffectedRule): string {
  if (rule.kind === 'osv') return `${rule.ecosystem ?? ''} ${rule.package}`.trim();
  if (rule.kind === 'cve') return `${rule.vendor} ${rule.product}`.trim();
  return rule.cpe;
}

const RANK: Record<MatchConfidence, number> = { high: 3, medium: 2, low: 1 };

/** The stronger of two matches of the same entry and CVE. */
export function betterMatch(a: MatchResult | null, b: MatchResult | null): MatchResult | null {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.confidence] > RANK[a.confidence] ? b : a;
}
