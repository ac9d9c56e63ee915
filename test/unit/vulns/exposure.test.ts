// Vulnerability exposure on the shared real data (cvelistV5 records, PyPA OSV advisories, the CISA KEV
// catalogue, an EPSS slice): feeds recorded with source and date; a stack with an affected langchain
// ranks the langchain CVEs with a stack match and all four priority components; the KEV entry on the
// stack (Langflow CVE-2025-3248) is due by its KEV date; marking a CVE fixed is audited and drops it from
// the open list; the question "what langchain patches matter most right now?" names those CVE ids; a
// critical CVE arriving on the stack is announced as new_critical_cve; SBOMs resolve to purls; CPE-only
// matches are flagged low-confidence; a zip of the CVE folder imports the same records.
import { mkdtempSync, readdirSync, rmSync, createWriteStream, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch, dispatchAsync } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import type { UserError } from '../../../src-main/engine/errors';
import { deviceRecordSchema, workloadRecordSchema } from '../../../src-shared/domain/inventory';
import { testLogger } from '../../support/test-logger';
import { SHARED_DATA } from '../../support/shared-data';

const DATA = SHARED_DATA;
const CVE5 = `${DATA}/vulnerabilities/cvelistV5`;
const OSV = `${DATA}/vulnerabilities/osv-pypa`;
const KEV = `${DATA}/cisa-kev/known_exploited_vulnerabilities.json`;
const KEV_CSV = `${DATA}/cisa-kev/known_exploited_vulnerabilities.csv`;
const EPSS = `${DATA}/vulnerabilities/epss/epss_slice_kev_plus_ai_cves.csv`;
const NOW = Date.parse('2026-12-07T09:00:00Z');
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
const CLI = { actor: { type: 'cli' as const, id: 'cli' }, localFiles: true };
// The langchain CVEs whose PyPA ranges include 0.0.171 (checked independently with Python's packaging.version).
const LANGCHAIN_0_0_171 = ['CVE-2023-34540', 'CVE-2023-34541', 'CVE-2023-36095', 'CVE-2023-36188', 'CVE-2023-36189', 'CVE-2023-36258', 'CVE-2023-38860', 'CVE-2023-38896', 'CVE-2023-39631', 'CVE-2023-39659', 'CVE-2023-46229', 'CVE-2024-28088'];
const STACK = 'technology,version,vendor,asset_count\nlangchain,0.0.171,LangChain Inc,2\nlangflow,1.2.0,Langflow,1\npostgresql,16.2,PostgreSQL Global Development Group,3\n';

let engine: Engine;
let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock(NOW);
  engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
});
afterEach(() => engine.close());

const importFeed = (path: string, extra: Record<string, unknown> = {}) => dispatchAsync(engine, 'vulns.importFeed', { path, ...extra }, CLI);
async function importAll() {
  await importFeed(CVE5);
  await importFeed(OSV);
  await importFeed(KEV);
  await importFeed(EPSS, { date: '2026-08-16' });
}
const refusal = (f: () => unknown) => { try { f(); return null; } catch (e) { return e as UserError; } };

describe('feeds from files', () => {
  it('records each feed with its source and date and keeps KEV due dates, ransomware flags, EPSS and SSVC', async () => {
    const cve = await importFeed(CVE5);
    expect(cve.feeds).toEqual([expect.objectContaining({ kind: 'cve5', records: 13, new_records: 13 })]);
    const osv = await importFeed(OSV);
    // 38 advisories, 37 CVEs (CVE-2024-28088 is under langchain and langchain-core); CVE-2023-29374 and CVE-2023-1177 were already CVE records.
    expect(osv.feeds[0]).toMatchObject({ kind: 'osv', records: 38, new_records: 35 });
    const kev = await importFeed(KEV);
    expect(kev.feeds[0]).toMatchObject({ kind: 'kev', records: 1404, feed_date: '2025-08-25' });
    const epss = await importFeed(EPSS, { date: '2026-08-16' });
    expect(epss.feeds[0]).toMatchObject({ kind: 'epss', records: 1451, feed_date: '2026-08-16' });
    const stats = dispatch(engine, 'vulns.stats', {}, ANALYST);
    expect(stats.total).toBe(48);
    expect(stats.feeds.map((f) => f.kind)).toEqual(['cve5', 'epss', 'kev', 'osv']);
    const langflow = dispatch(engine, 'vulns.show', { id: 'CVE-2025-3248' }, ANALYST).patch;
    expect(langflow.kev).toMatchObject({ date_added: '2025-05-05', due_date: '2025-05-26', ransomware: false });
    expect(langflow.epss).toEqual({ score: 0.99996, percentile: 0.99988, date: '2026-08-16' });
    expect(langflow.ssvc).toMatchObject({ exploitation: 'active', automatable: 'yes', technical_impact: 'total', decision: 'Act' });
    expect(langflow.cvss).toMatchObject({ score: 9.8, version: '3.1', source: 'cna' });
    // CVSS v4.0 (PyTorch CVE-2025-32434) is scored by the calculator.
    expect(dispatch(engine, 'vulns.show', { id: 'CVE-2025-32434' }, ANALYST).patch.cvss).toMatchObject({ version: '4.0', score: 9.3 });
    // An OSV id resolves to its CVE.
    expect(dispatch(engine, 'vulns.show', { id: 'PYSEC-2023-91' }, ANALYST).patch.cve_id).toBe('CVE-2023-34540');
  });

  it('reads the KEV CSV like the JSON, and a zip of the CVE folder like the folder', async () => {
    const kev = await importFeed(KEV_CSV);
    expect(kev.feeds[0]).toMatchObject({ kind: 'kev', records: 1404 });
    const dir = mkdtempSync(join(tmpdir(), 'tm-vulns-'));
    try {
      const zipPath = join(dir, 'cves.zip');
      const zip = new yazl.ZipFile();
      for (const f of readdirSync(CVE5)) zip.addFile(join(CVE5, f), `cves/2024/${f}`);
      zip.end();
      await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject));
      const s = await importFeed(zipPath);
      expect(s.feeds[0]).toMatchObject({ kind: 'cve5', records: 13, new_records: 13 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a path that is not there, naming it', async () => {
    await expect(importFeed('/nonexistent/feed.json')).rejects.toThrow(/path: no such file or folder/);
  });
});

describe('the stack against the feeds', () => {
  it('ranks the langchain CVEs with a stack match on their PyPI range and all four components', async () => {
    dispatch(engine, 'vulns.importStack', { file: STACK }, ANALYST);
    await importAll();
    const { patches, total } = dispatch(engine, 'vulns.patches', { products: ['langchain'], scope: 'stack', limit: 50 }, ANALYST);
    expect(total).toBe(12);
    expect(patches.map((p) => p.cve_id).sort()).toEqual(LANGCHAIN_0_0_171);
    for (const p of patches) {
      expect(p.matches[0]).toMatchObject({ technology: 'langchain', version: '0.0.171', confidence: 'high' });
      expect(p.matches[0].rule).toMatch(/^osv-range$|^cve-affected$/);
      expect(p.breakdown.stack.points).toBe(30);
      const sum = p.breakdown.cvss.points + p.breakdown.stack.points + p.breakdown.epss.points + p.breakdown.age.points;
      expect(p.priority).toBeCloseTo(sum, 5);
    }
    // Sorted by priority.
    expect(patches.map((p) => p.priority)).toEqual([...patches.map((p) => p.priority)].sort((a, b) => b - a));
    const p = patches.find((x) => x.cve_id === 'CVE-2023-34540')!;
    expect(p.matches[0].range).toBe('PyPI >=0, <0.0.225');
    expect(p.breakdown.cvss).toMatchObject({ points: 0, input: 'no CVSS vector in the imported records' });
    expect(p.breakdown.epss).toMatchObject({ points: 0.3, date: '2026-08-16' });
    expect(p.breakdown.age).toMatchObject({ points: 0, date: '2023-06-14', input: '1271 days since publication' });
    expect(p.priority).toBe(30.3);
    // One with a CVSS vector in its OSV record: 9.8 → 39.2 points.
    const withCvss = patches.find((x) => x.cvss !== null)!;
    expect(withCvss.breakdown.cvss.points).toBeCloseTo(withCvss.cvss!.score * 4, 5);
    expect(withCvss.severity).not.toBe('unknown');
  });

  it('does not match a langchain release past every fixed version, nor another ecosystem', async () => {
    dispatch(engine, 'vulns.importStack', { file: 'technology,version\nlangchain,0.3.0\n' }, ANALYST);
    dispatch(engine, 'vulns.importStack', { file: JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ name: 'langchain', version: '0.0.100', purl: 'pkg:npm/langchain@0.0.100' }] }) }, ANALYST);
    await importFeed(OSV);
    expect(dispatch(engine, 'vulns.patches', { scope: 'stack' }, ANALYST).total).toBe(0);
  });

  it('puts the KEV entry on the stack due by its KEV date, overdue', async () => {
    dispatch(engine, 'vulns.importStack', { file: STACK }, ANALYST);
    await importAll();
    const p = dispatch(engine, 'vulns.show', { id: 'CVE-2025-3248' }, ANALYST).patch;
    expect(p.matches).toEqual([expect.objectContaining({ technology: 'langflow', rule: 'cve-affected', range: 'langflow-ai langflow >=0, <=1.2.0', confidence: 'high' })]);
    expect(p.sla).toMatchObject({ basis: 'kev', due: '2025-05-26T23:59:59.000Z', overdue: true, severity: 'critical', window_days: 7 });
    expect(p.sla.days_left).toBeLessThan(-500);
    const first = dispatch(engine, 'vulns.patches', { scope: 'stack', limit: 1 }, ANALYST).patches[0];
    expect(first.cve_id).toBe('CVE-2025-3248');
    expect(dispatch(engine, 'vulns.patches', { kev: true, scope: 'stack' }, ANALYST).patches.map((x) => x.cve_id)).toEqual(['CVE-2025-3248']);
    // A critical CVE on the stack without KEV: the severity window from when it was found on the stack.
    const critical = dispatch(engine, 'vulns.patches', { scope: 'stack', severity: ['critical'], kev: false, limit: 50 }, ANALYST).patches.find((x) => !x.kev)!;
    expect(critical.sla).toMatchObject({ basis: 'severity', window_days: 7, start: new Date(NOW).toISOString(), due: new Date(NOW + 7 * 86_400_000).toISOString(), overdue: false });
  });

  it('marks a CVE fixed (audited) and drops it from the open list; wont_fix needs a reason', async () => {
    dispatch(engine, 'vulns.importStack', { file: STACK }, ANALYST);
    await importAll();
    const before = dispatch(engine, 'vulns.patches', { products: ['langchain'], scope: 'stack', limit: 50 }, ANALYST);
    const target = before.patches[0].cve_id;
    const r = dispatch(engine, 'vulns.setStatus', { id: target, status: 'fixed', reason: 'upgraded to 0.3' }, ANALYST);
    expect(r).toMatchObject({ previous: 'open', patch: { status: 'fixed', status_reason: 'upgraded to 0.3' } });
    const audit = dispatch(engine, 'audit.list', { action: 'vulns.setStatus' }, ANALYST);
    expect(audit.entries[0]).toMatchObject({ action: 'vulns.setStatus', actor_id: 'local', outcome: 'ok' });
    expect(JSON.stringify(audit.entries[0].params)).toContain(target);
    const after = dispatch(engine, 'vulns.patches', { products: ['langchain'], scope: 'stack', limit: 50 }, ANALYST);
    expect(after.total).toBe(before.total - 1);
    expect(after.patches.map((p) => p.cve_id)).not.toContain(target);
    expect(dispatch(engine, 'vulns.patches', { status: 'closed', scope: 'stack' }, ANALYST).patches.map((p) => p.cve_id)).toEqual([target]);
    const e = refusal(() => dispatch(engine, 'vulns.setStatus', { id: before.patches[1].cve_id, status: 'wont_fix' }, ANALYST));
    expect(e?.message).toMatch(/reason: is required for wont_fix/);
    // Per stack entry: closing the only affected entry closes the CVE for the open list.
    const other = before.patches[1];
    dispatch(engine, 'vulns.setStatus', { id: other.cve_id, status: 'deployed', stack_id: other.matches[0].stack_id }, ANALYST);
    expect(dispatch(engine, 'vulns.patches', { products: ['langchain'], scope: 'stack', limit: 50 }, ANALYST).total).toBe(before.total - 2);
  });

  it('answers "what langchain patches matter most right now?" naming the top langchain CVE ids', async () => {
    dispatch(engine, 'vulns.importStack', { file: STACK }, ANALYST);
    await importAll();
    const top = dispatch(engine, 'vulns.patches', { products: ['langchain'], limit: 5 }, ANALYST).patches.map((p) => p.cve_id);
    const a = dispatch(engine, 'vulns.ask', { question: 'what langchain patches matter most right now?' }, ANALYST);
    expect(a.filter).toMatchObject({ products: ['langchain'], status: 'open', sort: 'priority' });
    expect(a.cves).toEqual(top);
    for (const id of top) expect(a.answer).toContain(id);
    const sentences = a.answer.split(/(?<=[.…])\s+(?=[A-Z0-9])/).filter(Boolean);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(4);
    const total = dispatch(engine, 'vulns.patches', { products: ['langchain'] }, ANALYST).total;
    expect(a.total).toBe(total);
    expect(a.answer.startsWith(`${total} open langchain CVEs`)).toBe(true);
  });

  it('announces a critical CVE arriving on the stack as new_critical_cve, once', async () => {
    dispatch(engine, 'vulns.importStack', { file: STACK }, ANALYST);
    const s = await importFeed(CVE5);
    expect(s.new_critical_on_stack).toEqual(['CVE-2025-3248']);
    const events = dispatch(engine, 'events.read', { cursor: 0, event_type: 'new_critical_cve' }, ANALYST).events;
    expect(events).toEqual([expect.objectContaining({ event_type: 'new_critical_cve', severity: 'critical', entity_id: 'CVE-2025-3248' })]);
    expect(events[0].data).toMatchObject({ cve_id: 'CVE-2025-3248', stack: ['langflow 1.2.0'] });
    const again = await importFeed(CVE5);
    expect(again.new_critical_on_stack).toEqual([]);
    expect(dispatch(engine, 'events.read', { cursor: 0, event_type: 'new_critical_cve' }, ANALYST).events).toHaveLength(1);
  });

  it('resolves SBOM entries to purls and flags CPE-only matches low-confidence at half the stack points', async () => {
    const spdx = { spdxVersion: 'SPDX-2.3', packages: [{ name: 'ray', versionInfo: '2.6.3', supplier: 'Organization: Anyscale' }, { name: 'gradio', versionInfo: '3.50.0', externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:pypi/gradio@3.50.0' }] }] };
    const r = dispatch(engine, 'vulns.importStack', { file: JSON.stringify(spdx) }, ANALYST);
    expect(r.format).toBe('spdx');
    expect(r.entries.map((e) => [e.technology, e.package, e.ecosystem, e.purl])).toEqual([
      ['gradio', 'gradio', 'PyPI', 'pkg:pypi/gradio@3.50.0'],
      ['ray', 'ray', 'PyPI', 'pkg:pypi/ray@2.6.3'],
    ]);
    await importFeed(CVE5);
    await importFeed(OSV);
    const ray = dispatch(engine, 'vulns.show', { id: 'CVE-2023-48022' }, ANALYST).patch;
    expect(ray.matches[0]).toMatchObject({ rule: 'cpe-fallback', confidence: 'low' });
    expect(ray.matches[0].range).toContain('cpe:2.3:a:anyscale:ray:2.6.3');
    expect(ray.breakdown.stack.points).toBe(15);
    const gradio = dispatch(engine, 'vulns.patches', { products: ['gradio'], scope: 'stack', limit: 50 }, ANALYST).patches;
    expect(gradio.length).toBeGreaterThan(0);
    expect(gradio.every((p) => p.matches[0].confidence === 'high')).toBe(true);
  });

  it('reads an NVD API 2.0 answer: CVSS from its metrics, CPE ranges as low-confidence rules, rejected records left out', async () => {
    // The shape of https://services.nvd.nist.gov/rest/json/cves/2.0 (format NVD_CVE), written here: no NVD file is in ../shared/data.
    const nvd = {
      resultsPerPage: 2, startIndex: 0, totalResults: 2, format: 'NVD_CVE', version: '2.0', timestamp: '2026-11-30T08:00:00.000',
      vulnerabilities: [
        { cve: {
          id: 'CVE-2026-90001', published: '2026-11-20T10:15:00.000', lastModified: '2026-11-25T12:00:00.000', vulnStatus: 'Analyzed',
          descriptions: [{ lang: 'es', value: 'Desbordamiento en PostgreSQL.' }, { lang: 'en', value: 'Buffer overflow in PostgreSQL before 16.3 allows remote code execution.' }],
          metrics: { cvssMetricV31: [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }] },
          weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-787' }] }],
          configurations: [{ nodes: [{ operator: 'OR', negate: false, cpeMatch: [{ vulnerable: true, criteria: 'cpe:2.3:a:postgresql:postgresql:*:*:*:*:*:*:*:*', versionStartIncluding: '16.0', versionEndExcluding: '16.3' }] }] }],
        } },
        { cve: { id: 'CVE-2026-90002', published: '2026-11-21T10:15:00.000', lastModified: '2026-11-22T10:15:00.000', vulnStatus: 'Rejected', descriptions: [{ lang: 'en', value: '** REJECT ** Duplicate of CVE-2026-90001.' }], metrics: {} } },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), 'nvd-'));
    try {
      writeFileSync(join(dir, 'nvd-page.json'), JSON.stringify(nvd));
      dispatch(engine, 'vulns.importStack', { file: 'technology,version,vendor,asset_count\npostgresql,16.2,PostgreSQL Global Development Group,3\n' }, ANALYST);
      const r = await importFeed(join(dir, 'nvd-page.json'));
      expect(r.feeds[0]).toMatchObject({ kind: 'nvd', records: 1, new_records: 1 });
      const p = dispatch(engine, 'vulns.show', { id: 'CVE-2026-90001' }, ANALYST).patch;
      expect(p.cvss).toMatchObject({ score: 9.8, version: '3.1' });
      expect(p.matches[0]).toMatchObject({ technology: 'postgresql', version: '16.2', rule: 'cpe-fallback', confidence: 'low' });
      expect(p.matches[0].range).toContain('cpe:2.3:a:postgresql:postgresql');
      expect(p.breakdown.stack.points).toBe(15);
      expect(refusal(() => dispatch(engine, 'vulns.show', { id: 'CVE-2026-90002' }, ANALYST))).not.toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('joins the inventory: a workload image and a device model with its firmware become stack entries', async () => {
    engine.inventory.upsertWorkload(workloadRecordSchema.parse({ workload_id: 'wl-llm-1', kind: 'container', name: 'llm gateway', image: 'docker.io/ollama/ollama:0.1.30' }));
    engine.inventory.upsertWorkload(workloadRecordSchema.parse({ workload_id: 'wl-llm-2', kind: 'container', name: 'llm batch', image: 'ollama/ollama:0.1.30' }));
    engine.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'gpu-07', device_type: 'server', manufacturer: 'Anyscale', model: 'ray', firmware_version: '2.6.3' }));
    await importFeed(CVE5);
    const entries = dispatch(engine, 'vulns.listStack', {}, ANALYST).entries;
    expect(entries.map((e) => [e.source, e.technology, e.version, e.asset_count])).toEqual([
      ['workload', 'ollama', '0.1.30', 2],
      ['device', 'ray', '2.6.3', 1],
    ]);
    const ollama = dispatch(engine, 'vulns.show', { id: 'CVE-2024-37032' }, ANALYST).patch;
    expect(ollama.matches[0]).toMatchObject({ technology: 'ollama', version: '0.1.30', rule: 'description-fallback', confidence: 'low' });
    expect(ollama.matches[0].range).toContain('Ollama before 0.1.34');
    expect(dispatch(engine, 'vulns.show', { id: 'CVE-2023-48022' }, ANALYST).patch.matches[0]).toMatchObject({ technology: 'ray', rule: 'cpe-fallback' });
  });

  it('a later import answers for its own entries only, several versions of one package each matched; a firmware change replaces the device entry', async () => {
    const first = dispatch(engine, 'vulns.importStack', { file: STACK }, ANALYST);
    await importFeed(OSV);
    const lc = first.entries.find((e) => e.technology === 'langchain')!;
    const second = dispatch(engine, 'vulns.importStack', { file: 'technology,version\nlangchain,0.3.0\nlangchain,0.0.171,LangChain Inc,2\nlangchain,0.0.100\ngradio,3.0.0\n' }, ANALYST);
    expect(second).toMatchObject({ imported: 4, added: 3 });
    // Listed in stack order (technology, version), the re-imported langchain 0.0.171 under its first id.
    expect(second.entries.map((e) => [e.technology, e.version])).toEqual([['gradio', '3.0.0'], ['langchain', '0.0.100'], ['langchain', '0.0.171'], ['langchain', '0.3.0']]);
    expect(second.entries.find((e) => e.version === '0.0.171')).toMatchObject({ id: lc.id, open_cves: 12 });
    expect(second.entries.find((e) => e.version === '0.3.0')!.open_cves).toBe(0);
    expect(second.entries.find((e) => e.version === '0.0.100')!.open_cves).toBeGreaterThanOrEqual(12);
    expect(dispatch(engine, 'vulns.listStack', {}, ANALYST).total).toBe(6);

    const ray = (firmware_version: string) => engine.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'gpu-07', device_type: 'server', manufacturer: 'Anyscale', model: 'ray', firmware_version }));
    ray('2.6.3');
    await importFeed(CVE5);
    ray('2.9.0');
    await importFeed(CVE5);
    const devices = dispatch(engine, 'vulns.listStack', {}, ANALYST).entries.filter((e) => e.source === 'device');
    expect(devices.map((e) => [e.technology, e.version])).toEqual([['ray', '2.9.0']]);
  });

  it('removes a stack entry and its matches (audited)', async () => {
    const r = dispatch(engine, 'vulns.importStack', { file: STACK }, ANALYST);
    await importFeed(OSV);
    const lc = r.entries.find((e) => e.technology === 'langchain')!;
    expect(dispatch(engine, 'vulns.listStack', {}, ANALYST).entries.find((e) => e.id === lc.id)!.open_cves).toBe(12);
    const d = dispatch(engine, 'vulns.deleteStack', { id: lc.id }, ANALYST);
    expect(d.cves_no_longer_on_stack).toBe(12);
    expect(dispatch(engine, 'vulns.patches', { scope: 'stack' }, ANALYST).total).toBe(0);
    expect(dispatch(engine, 'audit.list', { action: 'vulns.deleteStack' }, ANALYST).entries).toHaveLength(1);
    expect(refusal(() => dispatch(engine, 'vulns.deleteStack', { id: lc.id }, ANALYST))?.code).toBe('not_found');
  });
});
