// The spec's vulnerability endpoints over real HTTP: the tech-stack CSV uploaded as multipart/form-data
// (and as JSON), listed and deleted by id; the patch list with its cursor, the headline counts, a CVE's
// detail, PATCH of its status (scope checked, audited under the key) and the patch question.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, startRestHarness, type RestHarness } from './rest-harness';
import { SHARED_DATA } from '../support/shared-data';

const DATA = SHARED_DATA;
const CLI = { actor: { type: 'cli' as const, id: 'cli' }, localFiles: true };
let h: RestHarness;
let readKey: string;
let writeKey: string;
let triageKey: string;

function multipart(fields: Record<string, { filename?: string; content: string }>): { body: string; type: string } {
  const boundary = '----threatmatic-test-boundary';
  const parts = Object.entries(fields).map(([name, f]) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${f.filename ? `; filename="${f.filename}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${f.content}\r\n`);
  return { body: `${parts.join('')}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

beforeAll(async () => {
  h = await startRestHarness();
  readKey = h.key('read');
  writeKey = h.key('assets:write');
  triageKey = h.key('incident:manage');
  for (const path of [`${DATA}/vulnerabilities/cvelistV5`, `${DATA}/vulnerabilities/osv-pypa`, `${DATA}/cisa-kev/known_exploited_vulnerabilities.json`]) {
    await h.engine.vulns.importFeed(path, {}, CLI.actor);
  }
  await h.engine.vulns.importFeed(`${DATA}/vulnerabilities/epss/epss_slice_kev_plus_ai_cves.csv`, { date: '2026-08-16' }, CLI.actor);
});

afterAll(async () => {
  await h?.close();
});

describe('/api/v1 tech stack and patches', () => {
  let langflowId = '';

  it('imports the spec CSV uploaded as multipart/form-data and lists it', async () => {
    const csv = 'technology,version,vendor,asset_count\nlangchain,0.0.171,LangChain Inc,2\nlangflow,1.2.0,Langflow,1\nredis,7.2.4,Redis Ltd,2\n';
    const form = multipart({ file: { filename: 'tech-stack.csv', content: csv } });
    const r = await h.send('POST', '/api/v1/tech-stack/import', { key: writeKey, body: form.body, headers: { 'Content-Type': form.type } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ format: 'csv', imported: 3, added: 3 });
    langflowId = r.json.entries.find((e: { technology: string }) => e.technology === 'langflow').id;
    const list = await h.send('GET', '/api/v1/tech-stack?limit=2', { key: readKey });
    expect(list.status).toBe(200);
    expect(list.json.entries).toHaveLength(2);
    expect(typeof list.json.next_cursor).toBe('string');
    // The three CSV rows, beside the fixture inventory's device models and workload images (sources device, workload).
    const all = await h.send('GET', '/api/v1/tech-stack?limit=100', { key: readKey });
    const bySource = (src: string) => all.json.entries.filter((e: { source: string }) => e.source === src);
    expect(bySource('csv').map((e: { technology: string }) => e.technology)).toEqual(['langchain', 'langflow', 'redis']);
    expect(bySource('device').length).toBeGreaterThan(0);
    expect(all.json.total).toBe(all.json.entries.length);
    // A read key may not import.
    expect((await h.send('POST', '/api/v1/tech-stack/import', { key: readKey, body: { file: csv } })).status).toBe(403);
  });

  it('imports an SBOM sent as JSON', async () => {
    const bom = { bomFormat: 'CycloneDX', specVersion: '1.5', components: [{ name: 'gradio', version: '3.50.0', purl: 'pkg:pypi/gradio@3.50.0' }] };
    const r = await h.send('POST', '/api/v1/tech-stack/import', { key: writeKey, body: { file: JSON.stringify(bom) } });
    expect(r.status).toBe(200);
    expect(r.json.entries[0]).toMatchObject({ package: 'gradio', ecosystem: 'PyPI', purl: 'pkg:pypi/gradio@3.50.0' });
    expect(r.json.entries[0].open_cves).toBeGreaterThan(0);
  });

  it('pages the patch list by priority and answers the headline counts and a CVE detail', async () => {
    const first = await h.send('GET', '/api/v1/patches?scope=stack&limit=3', { key: readKey });
    expect(first.status).toBe(200);
    expect(first.json.patches[0]).toMatchObject({ cve_id: 'CVE-2025-3248', sla: { basis: 'kev', overdue: true } });
    expect(first.json.patches[0].breakdown.stack.points).toBe(30);
    const next = await h.send('GET', `/api/v1/patches?scope=stack&limit=3&cursor=${first.json.next_cursor}`, { key: readKey });
    expect(next.json.patches[0].priority).toBeLessThanOrEqual(first.json.patches[2].priority);
    const filtered = await h.send('GET', '/api/v1/patches?products=langchain&severity=critical&scope=stack', { key: readKey });
    expect(filtered.json.total).toBeGreaterThan(0);
    expect(filtered.json.patches.every((p: { severity: string }) => p.severity === 'critical')).toBe(true);
    const stats = await h.send('GET', '/api/v1/patches/stats', { key: readKey });
    expect(stats.json).toMatchObject({ kev_in_stack: 1, total: 48 });
    expect(stats.json.in_stack).toBe(first.json.total);
    const detail = await h.send('GET', '/api/v1/patches/CVE-2025-3248', { key: readKey });
    expect(detail.json.patch.kev.due_date).toBe('2025-05-26');
    expect(detail.json.advisories[0]).toMatchObject({ feed: 'cve5' });
  });

  it('PATCHes a status with a key holding incident:manage, audited under the key; refuses a read key', async () => {
    expect((await h.send('PATCH', '/api/v1/patches/CVE-2025-3248/status', { key: readKey, body: { status: 'fixed' } })).status).toBe(403);
    const r = await h.send('PATCH', '/api/v1/patches/CVE-2025-3248/status', { key: triageKey, body: { status: 'fixed', reason: 'upgraded langflow to 1.3.0' } });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ previous: 'open', patch: { status: 'fixed' } });
    const keyId = h.engine.keys.authenticate(triageKey)!.key_id;
    expect(auditOf(h.engine, 'vulns.setStatus').at(-1)).toMatchObject({ actor_type: 'api', actor_id: keyId, outcome: 'ok', params: { cve_id: 'CVE-2025-3248', status: 'fixed' } });
    const open = await h.send('GET', '/api/v1/patches?scope=stack&limit=100', { key: readKey });
    expect(open.json.patches.map((p: { cve_id: string }) => p.cve_id)).not.toContain('CVE-2025-3248');
    const bad = await h.send('PATCH', '/api/v1/patches/CVE-2025-3248/status', { key: triageKey, body: { status: 'done' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.field).toBe('status');
  });

  it('answers the patch question naming CVE ids', async () => {
    const r = await h.send('POST', '/api/v1/patches/ask', { key: readKey, body: { question: 'what langchain patches matter most right now?' } });
    expect(r.status).toBe(200);
    expect(r.json.filter.products).toEqual(['langchain']);
    expect(r.json.cves.length).toBeGreaterThan(0);
    for (const id of r.json.cves) expect(r.json.answer).toContain(id);
  });

  it('DELETEs a stack entry by id, then 404', async () => {
    const r = await h.send('DELETE', `/api/v1/tech-stack/${langflowId}`, { key: writeKey });
    expect(r.status).toBe(200);
    expect(r.json.deleted).toMatchObject({ id: langflowId, technology: 'langflow' });
    expect((await h.send('DELETE', `/api/v1/tech-stack/${langflowId}`, { key: writeKey })).status).toBe(404);
  });
});
