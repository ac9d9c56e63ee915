// The AI service catalogue: local and versioned. Built from the public v2fly AI category lists bundled in
// resources/ai-services (provenance beside them), our classification per service (service-classes.ts)
// and the services analysts classified from the review queue. Its version changes whenever any of the
// three does; discovery re-runs over stored telemetry when it changes (retro-discovery).
import type * as tldtsLib from 'tldts';
import { lazyModule } from '../lazy-module';

const tldts = lazyModule<typeof tldtsLib>('tldts');
import type { AiServiceAudience, AiServiceKind } from '@shared/domain/shadow-ai';
import lists from '../../../resources/ai-services/v2fly-lists.json';
import { BUILTIN_SERVICES, CLASSES_VERSION, SERVICE_CLASSES, type ServiceClass } from './service-classes';

interface ListRule { value: string; type: 'domain' | 'full' | 'regexp' | 'keyword'; attrs: string[]; list: string; heading: string | null; root: string }
interface Lists { source: string; commit: string; entries: ListRule[] }

export interface CatalogueService {
  id: string;
  name: string;
  vendor: string;
  kind: AiServiceKind;
  audience: AiServiceAudience;
  /** Published retention / training terms, or null when not assessed. */
  terms: string | null;
  /** false: on a public AI list but not (yet) classified by us: kind and audience are defaults. */
  classified: boolean;
  /** Where the entry comes from: `v2fly:<list>` or `analyst`. */
  source: string;
  region: 'global' | 'cn';
  domains: string[];
  api_hosts: string[];
}

/** A service an analyst classified from the review queue (stored by the shadow-AI store). */
export interface CustomService { id: string; name: string; vendor: string; kind: AiServiceKind; audience: AiServiceAudience; domains: string[] }

const bundled = lists as Lists;

/** ASCII words of a heading, joined by '-' (ICP licence numbers dropped). */
function slug(heading: string): string {
  return heading.replace(/\S*ICP备\S*/g, '').toLowerCase().match(/[a-z0-9]+/g)?.join('-') ?? '';
}

function serviceIdOf(r: ListRule): string {
  if (!r.root.startsWith('category-') || r.list !== r.root) return r.list;
  const cn = r.root === 'category-ai-cn';
  const fromHeading = r.heading ? slug(r.heading) : '';
  const base = fromHeading.length >= 3 ? fromHeading : cn ? r.value.split('.')[0] : (tldts().getDomainWithoutSuffix(r.value) ?? r.value);
  return cn ? `cn-${base}` : base;
}

function displayName(r: ListRule, id: string): string {
  if (r.heading) return r.heading.replace(/\s*\S*ICP备\S*/g, '').trim();
  if (r.list === r.root) return r.value;
  return id;
}

/** The last two labels of a name (the whole name when it has fewer). */
function tailOf(name: string): string {
  const last = name.lastIndexOf('.');
  const prev = last > 0 ? name.lastIndexOf('.', last - 1) : -1;
  return prev < 0 ? name : name.slice(prev + 1);
}

/** The two-label tail a regexp rule's literal ending requires (`\.webpubsub\.azure\.com$` → azure.com), or null. */
function regexpTail(re: string): string | null {
  const m = /((?:\\\.[a-z0-9-]+){2})\$$/.exec(re);
  return m ? m[1].replace(/\\\./g, '.').slice(1) : null;
}

export class Catalogue {
  readonly services = new Map<string, CatalogueService>();
  /** `domain:` rules (the name and its subdomains) and `full:` rules (exactly the name). */
  readonly domainRules = new Map<string, CatalogueService>();
  readonly fullRules = new Map<string, CatalogueService>();
  readonly regexpRules: { re: RegExp; service: CatalogueService; tail: string | null }[] = [];
  /** The last two labels of every domain and full rule. */
  private readonly tails = new Set<string>();
  readonly version: string;

  /** `mark`: what the analysts changed (e.g. `analyst.2+dismissed.1`), part of the version. */
  constructor(custom: readonly CustomService[] = [], mark = '') {
    // A heading's service is named after its first rule (headings in Chinese have no ASCII words).
    const headingIds = new Map<string, string>();
    for (const r of bundled.entries) {
      // Tracking and ad hosts on the lists (@ads: Datadog, Sentry, Qualtrics) are not the AI service.
      if (r.attrs.includes('@ads') || r.type === 'keyword') continue;
      const headingKey = r.heading && r.list === r.root ? `${r.root}|${r.heading}` : null;
      const id = (headingKey && headingIds.get(headingKey)) || serviceIdOf(r);
      if (headingKey) headingIds.set(headingKey, id);
      let s = this.services.get(id);
      if (!s) {
        const c: ServiceClass | undefined = SERVICE_CLASSES[id];
        const name = c?.name ?? displayName(r, id);
        s = {
          id, name, vendor: c?.vendor ?? name, kind: c?.kind ?? 'chat', audience: c?.audience ?? 'consumer', terms: c?.terms ?? null,
          classified: c !== undefined, source: `v2fly:${r.list}`, region: r.root === 'category-ai-cn' ? 'cn' : 'global', domains: [], api_hosts: c?.api_hosts ?? [],
        };
        this.services.set(id, s);
      }
      s.domains.push(r.type === 'domain' ? r.value : r.type === 'full' ? `full:${r.value}` : `regexp:${r.value}`);
      if (r.type === 'domain') this.domainRules.set(r.value, s);
      else if (r.type === 'full') this.fullRules.set(r.value, s);
      else this.regexpRules.push({ re: new RegExp(r.value), service: s, tail: regexpTail(r.value) });
    }
    for (const id of BUILTIN_SERVICES) {
      const c = SERVICE_CLASSES[id];
      this.services.set(id, { id, name: c.name, vendor: c.vendor, kind: c.kind, audience: c.audience, terms: c.terms ?? null, classified: true, source: 'builtin', region: 'global', domains: [], api_hosts: [] });
    }
    for (const c of custom) {
      const s: CatalogueService = { ...c, terms: null, classified: true, source: 'analyst', region: 'global', domains: [...c.domains], api_hosts: [] };
      this.services.set(c.id, s);
      for (const d of c.domains) this.domainRules.set(d, s);
    }
    for (const name of [...this.domainRules.keys(), ...this.fullRules.keys()]) this.tails.add(tailOf(name));
    this.version = `v2fly@${bundled.commit.slice(0, 7)}+classes.${CLASSES_VERSION}${mark ? `+${mark}` : ''}`;
  }

  /**
   * The catalogue service a hostname belongs to (a `full:` rule on the name, else a `domain:` rule on the
   * name or a parent domain, longest first, else a `regexp:` rule), or null. The hot path of discovery
   * and of retro-discovery over stored telemetry: every rule ends in one of a few hundred two-label tails
   * (`google.com`, `chatgpt.com`), so a name whose last two labels are none of them (nearly all traffic)
   * costs one slice and one Set lookup.
   */
  lookup(host: string): CatalogueService | null {
    const last = host.lastIndexOf('.');
    const prev = last > 0 ? host.lastIndexOf('.', last - 1) : -1;
    const tail = prev < 0 ? host : host.slice(prev + 1);
    if (this.tails.has(tail)) {
      const full = this.fullRules.get(host);
      if (full !== undefined) return full;
      let h = host;
      for (;;) {
        const s = this.domainRules.get(h);
        if (s !== undefined) return s;
        const dot = h.indexOf('.');
        if (dot < 0 || h.length === tail.length) break;
        h = h.slice(dot + 1);
      }
    }
    for (let i = 0; i < this.regexpRules.length; i++) {
      const r = this.regexpRules[i];
      if ((r.tail === null || r.tail === tail) && r.re.test(host)) return r.service;
    }
    return null;
  }

  get listsSource(): { source: string; commit: string; rules: number } {
    return { source: bundled.source, commit: bundled.commit, rules: bundled.entries.length };
  }
}
