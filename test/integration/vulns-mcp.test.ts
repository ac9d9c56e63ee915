// The vulnerability tools over MCP (Streamable HTTP, a real key): a read key sees list_patches, get_patch,
// get_patch_stats, ask_patches and list_tech_stack but not set_patch_status; ask_patches answers the
// langchain question with CVE ids; a key with incident:manage marks a CVE fixed, audited under that key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { connectHttp, createKey, startHttpMcp, type HttpMcp } from './mcp-harness';
import { SHARED_DATA } from '../support/shared-data';

const DATA = SHARED_DATA;
const CLI = { type: 'cli' as const, id: 'cli' };
let engine: Engine;
let mcp: HttpMcp;
const clients: Client[] = [];

beforeAll(async () => {
  engine = Engine.open({ dbPath: ':memory:', log: testLogger });
  engine.vulns.importStack('technology,version\nlangchain,0.0.171\nlangflow,1.2.0\n', undefined, undefined, CLI);
  for (const p of [`${DATA}/vulnerabilities/cvelistV5`, `${DATA}/vulnerabilities/osv-pypa`, `${DATA}/cisa-kev/known_exploited_vulnerabilities.json`]) await engine.vulns.importFeed(p, {}, CLI);
  mcp = await startHttpMcp(engine);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await mcp?.close();
  engine?.close();
});

const structured = (r: unknown) => (r as { structuredContent: Record<string, any> }).structuredContent;

describe('vulnerability tools over MCP', () => {
  it('lists the read tools for a read key and answers the patch question', async () => {
    const reader = await connectHttp(mcp.url, createKey(engine, { scopes: 'read' }).key);
    clients.push(reader);
    const names = (await reader.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_patches', 'get_patch', 'get_patch_stats', 'ask_patches', 'list_tech_stack']));
    expect(names).not.toContain('set_patch_status');
    const top = structured(await reader.callTool({ name: 'list_patches', arguments: { scope: 'stack', limit: 1 } }));
    expect(top.patches[0]).toMatchObject({ cve_id: 'CVE-2025-3248', sla: { basis: 'kev' } });
    const a = structured(await reader.callTool({ name: 'ask_patches', arguments: { question: 'what langchain patches matter most right now?' } }));
    expect(a.cves.length).toBeGreaterThan(0);
    for (const id of a.cves) expect(a.answer).toContain(id);
  });

  it('sets a status with incident:manage, audited under the key', async () => {
    const { key, keyId } = createKey(engine, { scopes: 'incident:manage' });
    const triage = await connectHttp(mcp.url, key);
    clients.push(triage);
    const r = structured(await triage.callTool({ name: 'set_patch_status', arguments: { id: 'CVE-2025-3248', status: 'investigating' } }));
    expect(r).toMatchObject({ previous: 'open', patch: { status: 'investigating' } });
    const entries = dispatch(engine, 'audit.list', { action: 'vulns.setStatus' }, { actor: CLI }).entries;
    expect(entries[0]).toMatchObject({ actor_id: keyId, outcome: 'ok' });
    expect(JSON.stringify(entries[0])).toContain('mcp_agent');
  });
});
