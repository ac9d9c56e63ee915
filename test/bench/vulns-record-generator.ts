// A generator of realistic CVE JSON 5.1 records for the vulnerability benchmark (the real cvelistV5 set is
// not at hand here: the shared data holds 13 records). Each record has the shape of the real ones in
// ../shared/data/vulnerabilities/cvelistV5: cveMetadata, a CNA container with affected[] (vendor,
// product or packageName with collectionURL, versions with version/lessThan/lessThanOrEqual and
// versionType), CVSS 3.1 metrics with a real vector, CWE problem types, English descriptions, references;
// one in ten with a CISA ADP container (SSVC decision points), a few "n/a" MITRE-style records. About 5% name
// a package of the AI catalogue; the rest name one of 20,000 generated PyPI/npm packages. Deterministic (seeded).
import { AI_PRODUCTS } from '../../src-main/engine/vulns/ai-catalog';
import { prng } from '../fixtures/ingest/generate-canonical';

const VECTORS = [
  'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L',
];
const CWES = ['CWE-79', 'CWE-89', 'CWE-22', 'CWE-94', 'CWE-502', 'CWE-918', 'CWE-400', 'CWE-287', 'CWE-77', 'CWE-1333'];
export const GENERATED_PACKAGES = 20_000;
const AI = AI_PRODUCTS.filter((p) => p.ecosystem === 'PyPI' || p.ecosystem === 'npm');

export function packageOf(n: number): { name: string; ecosystem: 'PyPI' | 'npm' } {
  return { name: `pkg-${n.toString(36)}-lib`, ecosystem: n % 3 === 0 ? 'npm' : 'PyPI' };
}

export function generateCveRecord(i: number): string {
  const r = prng(i * 2654435761);
  const year = 2018 + (i % 8);
  const id = `CVE-${year}-${String(10000 + i).padStart(5, '0')}`;
  const published = new Date(Date.UTC(year, Math.floor(r() * 12), 1 + Math.floor(r() * 28), Math.floor(r() * 24))).toISOString();
  const ai = r() < 0.05 ? AI[Math.floor(r() * AI.length)] : null;
  const pkg = ai ? { name: ai.name, ecosystem: ai.ecosystem as 'PyPI' | 'npm' } : packageOf(Math.floor(r() * GENERATED_PACKAGES));
  const major = Math.floor(r() * 5);
  const fixed = `${major}.${Math.floor(r() * 20)}.${Math.floor(r() * 10)}`;
  const na = r() < 0.03;
  const versions = r() < 0.5
    ? [{ version: '0', lessThan: fixed, status: 'affected', versionType: pkg.ecosystem === 'npm' ? 'semver' : 'python' }]
    : [{ version: `${major}.0.0`, lessThanOrEqual: `${major}.${Math.floor(r() * 20)}.9`, status: 'affected', versionType: 'custom' }];
  const vector = VECTORS[Math.floor(r() * VECTORS.length)];
  const cwe = CWES[Math.floor(r() * CWES.length)];
  const record = {
    dataType: 'CVE_RECORD', dataVersion: '5.1',
    cveMetadata: { cveId: id, assignerOrgId: '8254265b-2729-46b6-b9e3-3dfca2d5bfca', state: 'PUBLISHED', assignerShortName: na ? 'mitre' : 'GitHub_M', dateReserved: published, datePublished: published, dateUpdated: published },
    containers: {
      cna: {
        providerMetadata: { orgId: '8254265b-2729-46b6-b9e3-3dfca2d5bfca', shortName: na ? 'mitre' : 'GitHub_M', dateUpdated: published },
        title: `${pkg.name}: ${cwe === 'CWE-79' ? 'cross-site scripting' : cwe === 'CWE-89' ? 'SQL injection' : cwe === 'CWE-22' ? 'path traversal' : 'code execution'} in request handling`,
        descriptions: [{ lang: 'en', value: `${pkg.name} before ${fixed} allows a remote attacker to ${cwe === 'CWE-400' ? 'cause a denial of service' : 'execute arbitrary code'} via a crafted request to the ${['upload', 'export', 'eval', 'render'][i % 4]} endpoint.` }],
        affected: na ? [{ vendor: 'n/a', product: 'n/a', versions: [{ version: 'n/a', status: 'affected' }] }]
          : [{ vendor: `${pkg.name}-project`, product: pkg.name, packageName: pkg.name, collectionURL: pkg.ecosystem === 'npm' ? 'https://www.npmjs.com' : 'https://pypi.org', defaultStatus: 'unaffected', versions }],
        metrics: na ? [] : [{ cvssV3_1: { version: '3.1', vectorString: vector }, format: 'CVSS', scenarios: [{ lang: 'en', value: 'GENERAL' }] }],
        problemTypes: [{ descriptions: [{ type: 'CWE', cweId: cwe, lang: 'en', description: cwe }] }],
        references: [{ url: `https://github.com/advisories/GHSA-${i.toString(36)}-bench`, tags: ['x_refsource_CONFIRM'] }, { url: `https://example.org/${pkg.name}/security/${id}` }],
      },
      ...(i % 10 === 0 ? {
        adp: [{
          title: 'CISA ADP Vulnrichment', providerMetadata: { orgId: '134c704f-9b21-4f2e-91b3-4a467353bcc0', shortName: 'CISA-ADP', dateUpdated: published },
          metrics: [{ other: { type: 'ssvc', content: { id, role: 'CISA Coordinator', version: '2.0.3', timestamp: published, options: [{ Exploitation: i % 40 === 0 ? 'active' : 'none' }, { Automatable: i % 20 === 0 ? 'yes' : 'no' }, { 'Technical Impact': 'total' }] } } }],
        }],
      } : {}),
    },
  };
  return JSON.stringify(record);
}
