// Turns one record of each feed into the domain's VulnRecord: CVE JSON 5.x (with the CISA ADP
// container's SSVC decision points, KEV marker, CVSS and CPEs kept), OSV (JSON or YAML objects), and NVD
// API 2.0 (whose CPE configurations become low-confidence rules: NVD names products, not packages).
// KEV catalogue entries and EPSS rows have their own small shapes.
import { packageKey } from './ai-catalog';
import { scoreVector, type CvssScore } from './cvss';
import type { AffectedRule, EpssEntry, KevEntry, Ssvc, VulnRecord } from './types';
import type { CveVersionEntry, OsvEvent } from './versions';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

function ms(v: unknown): number | null {
  const s = str(v);
  if (!s) return null;
  // Zoneless timestamps in these feeds are UTC.
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) || /^\d{4}-\d\d-\d\d$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? null : t;
}

function englishText(list: unknown, field = 'value'): string | null {
  const items = arr(list).filter(isObj);
  const en = items.find((d) => String(d.lang ?? '').startsWith('en')) ?? items[0];
  return en ? str(en[field]) : null;
}

/** The ecosystem a CVE record's collectionURL or packageName points at. */
function ecosystemOfCollection(url: string | null): string | null {
  if (!url) return null;
  if (/pypi\.org/i.test(url)) return 'PyPI';
  if (/npmjs\.(org|com)/i.test(url)) return 'npm';
  if (/pkg\.go\.dev|proxy\.golang/i.test(url)) return 'Go';
  if (/crates\.io/i.test(url)) return 'crates.io';
  if (/rubygems/i.test(url)) return 'RubyGems';
  if (/maven/i.test(url)) return 'Maven';
  return null;
}

function cvssFromMetrics(metrics: unknown, source: string): (CvssScore & { source: string })[] {
  const out: (CvssScore & { source: string })[] = [];
  for (const m of arr(metrics).filter(isObj)) {
    for (const key of ['cvssV4_0', 'cvssV3_1', 'cvssV3_0', 'cvssV2_0']) {
      const c = m[key];
      if (!isObj(c) || !str(c.vectorString)) continue;
      const s = scoreVector(c.vectorString as string, typeof c.baseScore === 'number' ? c.baseScore : null);
      if (s) out.push({ ...s, source });
    }
  }
  return out;
}

function ssvcFromMetrics(metrics: unknown): { ssvc: Ssvc | null; kev: string | null } {
  let ssvc: Ssvc | null = null;
  let kev: string | null = null;
  for (const m of arr(metrics).filter(isObj)) {
    const other = m.other;
    if (!isObj(other) || !isObj(other.content)) continue;
    if (other.type === 'ssvc') {
      const opts: Obj = {};
      for (const o of arr(other.content.options).filter(isObj)) Object.assign(opts, o);
      ssvc = {
        exploitation: str(opts.Exploitation)?.toLowerCase() ?? null,
        automatable: str(opts.Automatable)?.toLowerCase() ?? null,
        technical_impact: str(opts['Technical Impact'])?.toLowerCase() ?? null,
        timestamp: str(other.content.timestamp),
      };
    } else if (other.type === 'kev') {
      kev = str(other.content.dateAdded);
    }
  }
  return { ssvc, kev };
}

function cpeParts(cpe: string): { vendor: string; product: string; version: string | null } | null {
  const p = cpe.split(':');
  if (p.length < 6 || p[0] !== 'cpe') return null;
  const version = p[5] === '*' || p[5] === '-' || p[5] === '' ? null : p[5].replace(/\\/g, '');
  return { vendor: p[3], product: p[4], version };
}

/** A CVE JSON 5.x record; null when it is not one (or is rejected). */
export function parseCve5(doc: unknown): VulnRecord | null {
  if (!isObj(doc) || !isObj(doc.cveMetadata) || !isObj(doc.containers)) return null;
  const meta = doc.cveMetadata;
  const id = str(meta.cveId);
  if (!id || meta.state === 'REJECTED') return null;
  const cna = isObj(doc.containers.cna) ? doc.containers.cna : {};
  const adps = arr(doc.containers.adp).filter(isObj);
  const affected: AffectedRule[] = [];
  for (const a of arr(cna.affected).filter(isObj)) {
    const product = str(a.packageName) ?? str(a.product);
    if (!product || product.toLowerCase() === 'n/a') continue;
    const vendor = str(a.vendor) ?? '';
    const versions = arr(a.versions).filter(isObj) as CveVersionEntry[];
    affected.push({
      kind: 'cve', package: packageKey(product, vendor.toLowerCase() === 'n/a' ? null : vendor), ecosystem: ecosystemOfCollection(str(a.collectionURL)),
      vendor, product, versions, default_status: str(a.defaultStatus),
    });
    for (const cpe of arr(a.cpes)) pushCpe(affected, cpe, null, 'cna');
  }
  const scores = cvssFromMetrics(cna.metrics, 'cna');
  let ssvc: Ssvc | null = null;
  let kev: string | null = null;
  for (const adp of adps) {
    const who = isObj(adp.providerMetadata) ? (str(adp.providerMetadata.shortName) ?? 'adp') : 'adp';
    scores.push(...cvssFromMetrics(adp.metrics, who));
    const s = ssvcFromMetrics(adp.metrics);
    ssvc = s.ssvc ?? ssvc;
    kev = s.kev ?? kev;
    for (const a of arr(adp.affected).filter(isObj)) {
      const versions = arr(a.versions).filter(isObj) as CveVersionEntry[];
      for (const cpe of arr(a.cpes)) {
        if (versions.length === 0) pushCpe(affected, cpe, null, who);
        for (const v of versions) pushCpe(affected, cpe, v, who);
      }
    }
  }
  const cwes = arr(cna.problemTypes).filter(isObj).flatMap((p) => arr(p.descriptions).filter(isObj).map((d) => str(d.cweId))).filter((c): c is string => !!c);
  return {
    id, aliases: [], title: str(cna.title), description: englishText(cna.descriptions),
    published: ms(meta.datePublished) ?? ms(meta.dateReserved), modified: ms(meta.dateUpdated),
    scores, cwes, ssvc, kev_added: kev, affected, feed: 'cve5',
  };
}

function pushCpe(out: AffectedRule[], cpe: unknown, v: CveVersionEntry | null, origin: string, bounds: Partial<Record<'start_incl' | 'start_excl' | 'end_incl' | 'end_excl', string>> = {}): void {
  if (typeof cpe !== 'string') return;
  const parts = cpeParts(cpe);
  if (!parts) return;
  const version = v ? (v.lessThan || v.lessThanOrEqual ? null : str(v.version)) : parts.version;
  const b = { ...bounds };
  if (v?.lessThan) b.end_excl = v.lessThan;
  if (v?.lessThanOrEqual) b.end_incl = v.lessThanOrEqual;
  if (v && (v.lessThan || v.lessThanOrEqual) && str(v.version) && v.version !== '0') b.start_incl = v.version;
  out.push({ kind: 'cpe', package: packageKey(parts.product, parts.vendor), vendor: parts.vendor, product: parts.product, cpe, version, ...b, origin });
}

/** One OSV record (parsed from JSON or YAML); null when it is not one or is withdrawn. */
export function parseOsv(doc: unknown): VulnRecord | null {
  if (!isObj(doc) || !str(doc.id) || !Array.isArray(doc.affected) || doc.withdrawn) return null;
  const osvId = doc.id as string;
  const aliases = arr(doc.aliases).map(str).filter((a): a is string => !!a);
  const cve = CVE_ID.test(osvId) ? osvId : aliases.find((a) => CVE_ID.test(a));
  const affected: AffectedRule[] = [];
  for (const a of doc.affected.filter(isObj)) {
    const pkg = isObj(a.package) ? a.package : {};
    const name = str(pkg.name);
    if (!name) continue;
    const ecosystem = str(pkg.ecosystem)?.split(':')[0] ?? null;
    const ranges = arr(a.ranges).filter(isObj).map((r) => ({ type: String(r.type ?? ''), events: arr(r.events).filter(isObj) as OsvEvent[] }));
    const versions = arr(a.versions).map((v) => (typeof v === 'string' ? v : String(v)));
    affected.push({ kind: 'osv', package: packageKey(name), ecosystem, purl: str(pkg.purl), ranges, versions });
  }
  const scores: (CvssScore & { source: string })[] = [];
  for (const s of arr(doc.severity).filter(isObj)) {
    const v = str(s.score);
    const score = v ? scoreVector(v) : null;
    if (score) scores.push({ ...score, source: 'osv' });
  }
  const summary = str(doc.summary);
  const details = str(doc.details);
  return {
    id: cve ?? osvId, aliases: [...new Set([osvId, ...aliases])].filter((a) => a !== (cve ?? osvId)),
    title: summary, description: details ?? summary, published: ms(doc.published), modified: ms(doc.modified),
    scores, cwes: isObj(doc.database_specific) ? arr(doc.database_specific.cwe_ids).map(str).filter((c): c is string => !!c) : [],
    ssvc: null, kev_added: null, affected, feed: 'osv',
  };
}

/** The `vulnerabilities[]` of an NVD API 2.0 answer (format NVD_CVE), one record each. */
export function parseNvdItem(item: unknown): VulnRecord | null {
  const cve = isObj(item) && isObj(item.cve) ? item.cve : null;
  if (!cve || !str(cve.id) || cve.vulnStatus === 'Rejected') return null;
  const scores: (CvssScore & { source: string })[] = [];
  const metrics = isObj(cve.metrics) ? cve.metrics : {};
  for (const key of ['cvssMetricV40', 'cvssMetricV31', 'cvssMetricV30', 'cvssMetricV2']) {
    for (const m of arr(metrics[key]).filter(isObj)) {
      const data = isObj(m.cvssData) ? m.cvssData : null;
      if (!data || !str(data.vectorString)) continue;
      const s = scoreVector(data.vectorString as string, typeof data.baseScore === 'number' ? data.baseScore : null);
      if (s) scores.push({ ...s, source: `nvd:${str(m.source) ?? 'nvd'}` });
    }
  }
  const affected: AffectedRule[] = [];
  for (const conf of arr(cve.configurations).filter(isObj)) {
    for (const node of arr(conf.nodes).filter(isObj)) {
      for (const m of arr(node.cpeMatch).filter(isObj)) {
        if (m.vulnerable === false) continue;
        pushCpe(affected, m.criteria, null, 'nvd', {
          ...(str(m.versionStartIncluding) ? { start_incl: m.versionStartIncluding as string } : {}),
          ...(str(m.versionStartExcluding) ? { start_excl: m.versionStartExcluding as string } : {}),
          ...(str(m.versionEndIncluding) ? { end_incl: m.versionEndIncluding as string } : {}),
          ...(str(m.versionEndExcluding) ? { end_excl: m.versionEndExcluding as string } : {}),
        });
      }
    }
  }
  const cwes = arr(cve.weaknesses).filter(isObj).flatMap((w) => arr(w.description).filter(isObj).map((d) => str(d.value))).filter((c): c is string => !!c && c.startsWith('CWE-'));
  return {
    id: cve.id as string, aliases: [], title: str(cve.cisaVulnerabilityName), description: englishText(cve.descriptions),
    published: ms(cve.published), modified: ms(cve.lastModified), scores, cwes, ssvc: null,
    kev_added: str(cve.cisaExploitAdd), affected, feed: 'nvd',
  };
}

/** One KEV catalogue entry (JSON object or CSV row: the same field names). */
export function parseKevEntry(e: unknown): KevEntry | null {
  if (!isObj(e)) return null;
  const id = str(e.cveID);
  const added = str(e.dateAdded);
  if (!id || !CVE_ID.test(id.trim()) || !added) return null;
  return {
    cve_id: id.trim(), vendor: str(e.vendorProject) ?? '', product: str(e.product) ?? '', name: str(e.vulnerabilityName) ?? '',
    date_added: added, due_date: str(e.dueDate), ransomware: String(e.knownRansomwareCampaignUse ?? '').toLowerCase() === 'known',
    required_action: str(e.requiredAction), description: str(e.shortDescription),
  };
}

/** One EPSS row: FIRST's `cve,epss,percentile` or the semicolon-separated mirror layout; null for headers and comments. */
export function parseEpssLine(line: string): EpssEntry | null {
  const parts = line.trim().split(/[;,]/);
  if (parts.length < 3 || !CVE_ID.test(parts[0])) return null;
  const epss = Number(parts[1]);
  const percentile = Number(parts[2]);
  if (!Number.isFinite(epss) || !Number.isFinite(percentile) || epss < 0 || epss > 1 || percentile < 0 || percentile > 1) return null;
  return { cve_id: parts[0], epss, percentile };
}
