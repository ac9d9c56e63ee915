// The patch query bar's parser: a local, deterministic reading of a question into the patch list's filter
// (products, ecosystem, severity, KEV, exploited, overdue, time window, scope, status, sort) plus how many
// CVEs to name. No model and no network: keywords and the names the database knows. What it understood
// is returned beside the filter, so the console shows it and the user can refine it.
import type { PatchFilter } from '@shared/contract/operations/vulns-schemas';
import { AI_PRODUCTS, normalizeName } from './ai-catalog';

export interface ParsedQuestion {
  filter: PatchFilter;
  /** How many CVEs the answer names (1–10). */
  limit: number;
  /** The phrases recognised, each with what it set. */
  understood: string[];
}

const DAY = 86_400_000;

const ECOSYSTEMS: [RegExp, string][] = [
  [/\b(pypi|python|pip)\b/, 'PyPI'],
  [/\b(npm|node(?:\.?js)?|javascript|typescript)\b/, 'npm'],
  [/\b(golang|go modules?)\b/, 'Go'],
  [/\b(rust|crates?(?:\.io)?|cargo)\b/, 'crates.io'],
  [/\b(maven|java)\b/, 'Maven'],
];

// Words that look like product names in a question but are not asks about a product.
const STOP = new Set(['patch', 'patches', 'cve', 'cves', 'vulnerability', 'vulnerabilities', 'what', 'which', 'show', 'list', 'the', 'our', 'my', 'stack', 'matter',
  'most', 'right', 'now', 'critical', 'high', 'medium', 'low', 'exploited', 'overdue', 'known', 'this', 'week', 'month', 'year', 'new', 'recent', 'latest', 'fix', 'fixed',
  'notebook', 'serve', 'mcp', 'all', 'are', 'any', 'for', 'and', 'with', 'that', 'have', 'has', 'need', 'needs', 'first', 'due', 'top', 'important', 'urgent', 'open',
  'python', 'npm', 'node', 'go', 'rust', 'java', 'kev', 'cisa', 'epss', 'cvss', 'sla', 'days', 'last', 'past', 'since', 'before', 'after', 'in', 'of', 'on', 'to', 'is', 'we']);

/** Names the question may mention: the AI catalogue's (with aliases) and every package the feeds name. */
function vocabulary(known: readonly string[]): Map<string, string> {
  const v = new Map<string, string>();
  for (const p of AI_PRODUCTS) {
    v.set(p.name, p.name);
    for (const a of p.aliases ?? []) if (!a.includes('/')) v.set(normalizeName(a), p.name);
  }
  for (const k of known) if (!v.has(k)) v.set(k, k);
  for (const s of STOP) v.delete(s);
  return v;
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const num = (s: string) => NUMBER_WORDS[s] ?? Number(s);

export function parseQuestion(question: string, now: number, knownPackages: readonly string[] = []): ParsedQuestion {
  const q = ` ${question.toLowerCase().replace(/[“”"?!,;]/g, ' ').replace(/\s+/g, ' ')} `;
  const filter: PatchFilter = { scope: 'ai', status: 'open', sort: 'priority' };
  const understood: string[] = [];
  let limit = 5;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  // Products: the longest known names first, so "langchain experimental" wins over "langchain".
  const vocab = vocabulary(knownPackages);
  const words = q.trim().split(' ').map((w) => w.replace(/^[^a-z0-9@]+|[^a-z0-9]+$/g, ''));
  const products: string[] = [];
  const used = new Set<number>();
  for (const span of [3, 2, 1]) {
    for (let i = 0; i + span <= words.length; i++) {
      if ([...Array(span).keys()].some((k) => used.has(i + k))) continue;
      const phrase = normalizeName(words.slice(i, i + span).join('-'));
      if (!phrase || phrase.length < 2) continue;
      const hit = vocab.get(phrase) ?? (phrase.endsWith('s') ? vocab.get(phrase.slice(0, -1)) : undefined);
      if (!hit) continue;
      if (!products.includes(hit)) products.push(hit);
      for (let k = 0; k < span; k++) used.add(i + k);
    }
  }
  // "what linux patches …": the word before patches/CVEs names a product even when no feed knows it yet.
  const before = /\b([a-z0-9][a-z0-9._-]*) (?:patches|cves|vulnerabilities|vulns|advisories|bugs|issues|updates)\b/.exec(q);
  const adjective = /^(?:\d+|critical|high|medium|low|severe|serious|severity|exploited|overdue|new|newest|latest|oldest|recent|highest|lowest|worst|biggest|important|remaining|outstanding|pending|unfixed|unpatched|current|open|kev|ai|llm|ml|security|these|those|any|all|python|npm|javascript|rust|java|golang|pypi)$/;
  const partOfFound = (w: string) => products.some((p) => p.split('-').includes(normalizeName(w)));
  if (before && !STOP.has(before[1]) && !adjective.test(before[1]) && !partOfFound(before[1])) {
    const key = normalizeName(before[1]);
    const name = vocab.get(key) ?? key;
    if (!products.includes(name)) products.push(name);
  }
  if (products.length) {
    filter.products = products;
    understood.push(`products: ${products.join(', ')}`);
  }

  for (const [re, eco] of ECOSYSTEMS) {
    if (re.test(q)) {
      filter.ecosystem = eco;
      understood.push(`ecosystem: ${eco}`);
      break;
    }
  }

  const sev = new Set<'critical' | 'high' | 'medium' | 'low'>();
  if (/\bcritical\b/.test(q) && !/\bnon[- ]critical\b/.test(q)) sev.add('critical');
  if (/\bhigh(?![- ]?(?:epss|probability|likelihood))\b/.test(q) && !/\bhigh(?:est)? (?:priority|impact)\b/.test(q)) sev.add('high');
  if (/\bsevere\b|\bserious\b/.test(q)) { sev.add('critical'); sev.add('high'); }
  if (/\b(?:medium|moderate)\b/.test(q)) sev.add('medium');
  if (/\blow(?:[- ]severity)?\b/.test(q) && !/\blow[- ]hanging\b/.test(q)) sev.add('low');
  if (/\b(?:high|critical) (?:or|and) above\b|\bhigh or critical\b|\bcritical (?:or|and) high\b|\bhigh and critical\b/.test(q)) { sev.add('critical'); sev.add('high'); }
  if (sev.size) {
    filter.severity = [...sev];
    understood.push(`severity: ${[...sev].join(', ')}`);
  }

  if (/\bkev\b|\bknown[- ]exploited\b|\bcisa\b/.test(q)) {
    filter.kev = true;
    understood.push('in the CISA KEV catalogue');
  } else if (/\bexploit(?:ed|s)?\b|\bin the wild\b|\bunder attack\b|\bweaponi[sz]ed\b/.test(q) && !/\blikely to be exploited\b|\bexploit(?:ation)? (?:probability|likelihood|prediction)\b/.test(q)) {
    filter.exploited = true;
    understood.push('known exploited (KEV or SSVC exploitation active)');
  }

  const epssAbove = /\bepss (?:above|over|>=?|at least|greater than) ?(0?\.\d+|\d+ ?%)/.exec(q);
  if (epssAbove) {
    const v = epssAbove[1].includes('%') ? Number(epssAbove[1].replace(/[ %]/g, '')) / 100 : Number(epssAbove[1]);
    filter.min_epss = v;
    understood.push(`EPSS ≥ ${v}`);
  } else if (/\blikely to be exploited\b|\bhigh epss\b|\bexploit(?:ation)? (?:probability|likelihood)\b/.test(q)) {
    filter.min_epss = 0.1;
    understood.push('EPSS ≥ 0.1 (likely to be exploited)');
  }

  if (/\boverdue\b|\bpast (?:their |the )?(?:due|sla|deadline)\b|\bmissed (?:the |our )?sla\b|\bbreach(?:ed|ing)? (?:the |our )?sla\b|\blate\b/.test(q)) {
    filter.overdue = true;
    understood.push('past the SLA due date');
  }

  // Time windows on publication.
  let since: number | null = null;
  let m: RegExpExecArray | null;
  if ((m = /\b(?:last|past) (\d+|one|two|three|four|five|six|seven|eight|nine|ten) (day|week|month|year)s?\b/.exec(q))) {
    since = now - num(m[1]) * { day: 1, week: 7, month: 30, year: 365 }[m[2] as 'day'] * DAY;
  } else if (/\b(?:this|last|past) week\b|\btoday\b|\byesterday\b/.test(q)) since = now - 7 * DAY;
  else if (/\b(?:this|last|past) month\b/.test(q)) since = now - 30 * DAY;
  else if (/\b(?:this|last|past) (?:quarter)\b/.test(q)) since = now - 90 * DAY;
  else if (/\bthis year\b/.test(q)) since = Date.parse(`${new Date(now).getUTCFullYear()}-01-01T00:00:00Z`);
  else if ((m = /\b(?:since|in|from|after) (20\d\d)\b/.exec(q))) since = Date.parse(`${m[1]}-01-01T00:00:00Z`);
  else if (/\b(?:new|recent|recently|latest|newly)\b/.test(q)) since = now - 30 * DAY;
  if (since !== null) {
    filter.published_after = day(since);
    understood.push(`published on or after ${day(since)}`);
  }

  if (/\b(?:my|our) (?:stack|systems?|environment|software|deployments?)\b|\baffect(?:s|ing)? (?:us|me|our)\b|\bwe (?:use|run|have)\b|\bon (?:the|my|our) stack\b|\bin (?:the|my|our) stack\b|\bexposed\b/.test(q)) {
    filter.scope = 'stack';
    understood.push('only CVEs affecting the stack');
  } else if (/\ball (?:the )?(?:cves|vulnerabilities)\b|\bany (?:cve|vulnerability)\b|\bnot just ai\b/.test(q)) {
    filter.scope = 'all';
    understood.push('every CVE, AI-relevant or not');
  }

  if (/\bwon'?t fix\b|\bwont[_ ]fix\b/.test(q)) { filter.status = 'wont_fix'; understood.push("status: wont_fix"); }
  else if (/\binvestigating\b|\bunder investigation\b/.test(q)) { filter.status = 'investigating'; understood.push('status: investigating'); }
  else if (/\b(?:already )?(?:fixed|patched|closed|resolved|deployed)\b/.test(q) && !/\b(?:not|un)(?: yet)? ?(?:fixed|patched)\b|\bstill\b/.test(q)) { filter.status = 'closed'; understood.push('closed (fixed, deployed or wont_fix)'); }

  if (/\bdue (?:soon|first|next)\b|\bdeadlines?\b|\bnext due\b/.test(q)) { filter.sort = 'due'; understood.push('soonest due first'); }
  else if (/\bnewest\b|\bmost recent\b|\blatest\b/.test(q)) { filter.sort = 'published'; understood.push('newest first'); }
  else if (/\bhighest cvss\b|\bby cvss\b|\bworst score\b/.test(q)) { filter.sort = 'cvss'; understood.push('highest CVSS first'); }
  else if (/\bhighest epss\b|\bby epss\b|\bmost likely\b/.test(q)) { filter.sort = 'epss'; understood.push('highest EPSS first'); }
  else if (/\bmatters? most\b|\bmost important\b|\bprioriti[sz]e\b|\btop\b|\burgent\b|\bfirst\b|\bworst\b|\bbiggest\b/.test(q)) understood.push('highest priority first');

  if ((m = /\btop (\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b/.exec(q)) || (m = /\b(\d+|three|five|ten) (?:most|highest|worst|top|biggest)\b/.exec(q))) {
    limit = Math.min(10, Math.max(1, num(m[1])));
    understood.push(`name ${limit}`);
  } else if (/\b(?:the|which) (?:single |one )?(?:most important|worst|biggest|top) (?:one|cve|patch|vulnerability)\b/.test(q)) {
    limit = 1;
    understood.push('name 1');
  }
  return { filter, limit, understood };
}
