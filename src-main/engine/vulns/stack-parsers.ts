// The team's tech stack from a file's text: the spec's CSV (`technology,version,vendor,asset_count`, only
// technology required), a CycloneDX JSON SBOM (components, nested too) or an SPDX 2.x JSON SBOM
// (packages with their purl external references). Each entry is resolved to a package identity: its
// purl where the file gives one, else the AI catalogue's name and ecosystem, else the name normalized.
import type * as csvSync from 'csv-parse/sync';
import { lazyModule } from '../lazy-module';

const csv = lazyModule<typeof csvSync>('csv-parse/sync');
import { invalid } from '../errors';
import { aiProduct, packageKey } from './ai-catalog';

type StackFormat = 'csv' | 'cyclonedx' | 'spdx';
const STACK_FORMATS: readonly StackFormat[] = ['csv', 'cyclonedx', 'spdx'];

export interface StackInput {
  technology: string;
  version: string | null;
  vendor: string | null;
  asset_count: number | null;
  package: string;
  ecosystem: string | null;
  purl: string | null;
}

export interface StackParse { format: StackFormat; entries: StackInput[]; rejected: { where: string; reason: string }[] }

const PURL_ECOSYSTEM: Record<string, string> = { pypi: 'PyPI', npm: 'npm', golang: 'Go', cargo: 'crates.io', gem: 'RubyGems', maven: 'Maven', nuget: 'NuGet', composer: 'Packagist' };
const ECOSYSTEM_PURL: Record<string, string> = Object.fromEntries(Object.entries(PURL_ECOSYSTEM).map(([k, v]) => [v, k]));

/** pkg:type/namespace/name@version → its parts (qualifiers and subpath dropped). */
function parsePurl(purl: string): { type: string; namespace: string | null; name: string; version: string | null } | null {
  const m = /^pkg:([a-zA-Z.+-]+)\/(.+?)(?:@([^?#]+))?(?:[?#].*)?$/.exec(purl.trim());
  if (!m) return null;
  const path = m[2].split('/').map((s) => decodeURIComponent(s));
  const name = path.pop()!;
  return { type: m[1].toLowerCase(), namespace: path.length ? path.join('/') : null, name, version: m[3] ? decodeURIComponent(m[3]) : null };
}

/** One entry resolved to its package identity. */
export function resolveEntry(technology: string, version: string | null, vendor: string | null, assetCount: number | null, purl: string | null): StackInput {
  const p = purl ? parsePurl(purl) : null;
  if (p) {
    const ecosystem = PURL_ECOSYSTEM[p.type] ?? null;
    const name = p.type === 'npm' && p.namespace ? `${p.namespace}/${p.name}` : p.name;
    return { technology, version: version ?? p.version, vendor, asset_count: assetCount, package: packageKey(name), ecosystem, purl };
  }
  const known = aiProduct(technology);
  const pkg = packageKey(technology, vendor);
  const ecosystem = known?.ecosystem ?? null;
  const type = ecosystem ? ECOSYSTEM_PURL[ecosystem] : undefined;
  return {
    technology, version, vendor, asset_count: assetCount, package: pkg, ecosystem,
    purl: type ? `pkg:${type}/${encodeURIComponent(pkg)}${version ? `@${encodeURIComponent(version)}` : ''}` : null,
  };
}

const clean = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null);

function parseStackCsv(text: string): StackParse {
  const rows = csv().parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  const entries: StackInput[] = [];
  const rejected: StackParse['rejected'] = [];
  if (rows.length === 0) return { format: 'csv', entries, rejected };
  const header = rows[0].map((h) => h.toLowerCase());
  const hasHeader = header.includes('technology');
  const col = (name: string, fallback: number) => (hasHeader ? header.indexOf(name) : fallback);
  const [ti, vi, vei, ai] = [col('technology', 0), col('version', 1), col('vendor', 2), col('asset_count', 3)];
  rows.slice(hasHeader ? 1 : 0).forEach((row, i) => {
    const line = i + (hasHeader ? 2 : 1);
    const technology = clean(row[ti]);
    if (!technology) return rejected.push({ where: `line ${line}`, reason: 'technology is required' });
    const countText = ai >= 0 ? clean(row[ai]) : null;
    const count = countText === null ? null : Number(countText);
    if (count !== null && (!Number.isInteger(count) || count < 0)) return rejected.push({ where: `line ${line}`, reason: `asset_count must be a whole number ≥ 0, got '${countText}'` });
    entries.push(resolveEntry(technology, vi >= 0 ? clean(row[vi]) : null, vei >= 0 ? clean(row[vei]) : null, count, null));
  });
  return { format: 'csv', entries, rejected };
}

type Obj = Record<string, unknown>;

function parseCycloneDx(doc: Obj): StackParse {
  const entries: StackInput[] = [];
  const rejected: StackParse['rejected'] = [];
  const visit = (list: unknown, where: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((c, i) => {
      if (typeof c !== 'object' || c === null) return;
      const comp = c as Obj;
      const name = clean(comp.name);
      if (!name) rejected.push({ where: `${where}[${i}]`, reason: 'component has no name' });
      else entries.push(resolveEntry(name, clean(comp.version), clean(comp.group) ?? clean((comp.supplier as Obj | undefined)?.name), null, clean(comp.purl)));
      visit(comp.components, `${where}[${i}].components`);
    });
  };
  visit(doc.components, 'components');
  return { format: 'cyclonedx', entries, rejected };
}

function parseSpdx(doc: Obj): StackParse {
  const entries: StackInput[] = [];
  const rejected: StackParse['rejected'] = [];
  (Array.isArray(doc.packages) ? doc.packages : []).forEach((p, i) => {
    if (typeof p !== 'object' || p === null) return;
    const pkg = p as Obj;
    const name = clean(pkg.name);
    if (!name) return rejected.push({ where: `packages[${i}]`, reason: 'package has no name' });
    const refs = Array.isArray(pkg.externalRefs) ? (pkg.externalRefs as Obj[]) : [];
    const purl = clean(refs.find((r) => String(r.referenceType ?? '').toLowerCase() === 'purl')?.referenceLocator);
    const supplier = clean(pkg.supplier)?.replace(/^(Organization|Person):\s*/i, '') ?? null;
    entries.push(resolveEntry(name, clean(pkg.versionInfo), supplier === 'NOASSERTION' ? null : supplier, null, purl));
  });
  return { format: 'spdx', entries, rejected };
}

/** The stack in a file's text; the format is detected when not given. */
export function parseStack(text: string, format?: string): StackParse {
  if (format !== undefined && !(STACK_FORMATS as readonly string[]).includes(format)) throw invalid('format', `must be one of ${STACK_FORMATS.join(', ')}, got '${format}'`);
  const trimmed = text.trimStart();
  if (format === 'csv' || (!format && !trimmed.startsWith('{'))) return parseStackCsv(text);
  let doc: Obj;
  try {
    doc = JSON.parse(text) as Obj;
  } catch (err) {
    throw invalid('content', `not JSON (${(err as Error).message}); a stack is CSV, CycloneDX JSON or SPDX JSON`);
  }
  if (format === 'cyclonedx' || (!format && doc.bomFormat === 'CycloneDX')) return parseCycloneDx(doc);
  if (format === 'spdx' || (!format && typeof doc.spdxVersion === 'string')) return parseSpdx(doc);
  throw invalid('content', 'a JSON stack must be a CycloneDX (bomFormat CycloneDX) or SPDX (spdxVersion) SBOM');
}
