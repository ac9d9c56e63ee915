// MCP integrity scan against real MCP servers started by the test (stdio, built with the SDK, and
// Streamable HTTP in-process): the machine's client configs in a fake HOME are discovered, every page of
// tools/list is read, the Invariant Labs poisoning and shadowing tools are flagged with rule, pointer and
// explanation while the Cisco benign tools stay clean, a change after approval is a rug pull with its
// diff, and a server that hangs or cannot start is reported unreachable, never clean.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/engine/clock';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { scanMachine } from '../../src-main/engine/mcpscan/scan-machine';

const SERVER = new URL('../fixtures/mcpscan/test-mcp-server.mjs', import.meta.url).pathname;
const ANALYST = { type: 'analyst' as const, id: 'local' };
const stdio = (...args: string[]) => ({ command: process.execPath, args: [SERVER, ...args] });

let home: string;
let engine: Engine;
let http: HttpServer;
let httpUrl: string;

/** A Streamable HTTP MCP server (stateless) with one benign tool. */
function startHttpServer(): Promise<string> {
  http = createServer((req, res) => {
    const server = new Server({ name: 'http-weather', version: '2.0.0' }, { capabilities: { tools: {} } });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [{ name: 'get_forecast', description: 'Get the weather forecast for a city.', inputSchema: { type: 'object', properties: { city: { type: 'string' } } } }] }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`)));
}

beforeAll(async () => {
  httpUrl = await startHttpServer();
});
afterAll(() => new Promise<void>((r) => http.close(() => r())));

afterEach(() => {
  engine?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

function setup(): ManualClock {
  home = mkdtempSync(join(tmpdir(), 'tm-mcpscan-'));
  const clock = new ManualClock(Date.parse('2026-12-01T09:00:00Z'));
  engine = Engine.open({ dbPath: ':memory:', clock, log: silentLogger });
  return clock;
}

function writeConfig(rel: string, doc: unknown, raw?: string): string {
  const path = join(home, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, raw ?? JSON.stringify(doc, null, 2));
  return path;
}

const scan = (timeoutMs = 20_000) => scanMachine(engine, { home, cwd: null, configs: [], toolsJson: [], timeoutMs }, ANALYST);

describe('mcp-scan on live servers', () => {
  it('discovers servers in Cursor, Claude Desktop and VS Code configs, flags poisoning and shadowing, leaves benign servers clean', async () => {
    setup();
    const cursor = writeConfig('.cursor/mcp.json', { mcpServers: { poisoned: stdio('invariant', 'direct-poisoning'), benign: stdio('benign') } });
    writeConfig('.config/Claude/claude_desktop_config.json', { mcpServers: { shadow: stdio('invariant', 'shadowing') } });
    // VS Code writes JSON with comments and trailing commas.
    writeConfig('.config/Code/User/settings.json', null, `{\n  // MCP servers\n  "mcp": { "servers": { "weather": { "type": "http", "url": "${httpUrl}", }, }, },\n}`);
    const result = await scan();
    const by = Object.fromEntries(result.servers.map((s) => [s.name, s]));
    expect(Object.keys(by).sort()).toEqual(['benign', 'poisoned', 'shadow', 'weather']);
    expect(result.servers.every((s) => s.status === 'ok')).toBe(true);
    // Five benign tools over three pages of two: every page was read.
    expect(by.benign.tool_count).toBe(5);
    expect(by.benign.findings).toEqual([]);
    expect(by.weather.transport).toBe('streamable_http');
    expect(by.weather.findings).toEqual([]);
    expect(by.poisoned.source).toEqual({ client: 'cursor', file: cursor, pointer: '/mcpServers/poisoned' });
    expect(by.poisoned.findings.length).toBeGreaterThan(0);
    for (const f of by.poisoned.findings) {
      expect(f.tool).toBe('add');
      expect(f.pointer).toMatch(/^\/tools\/0\//);
      expect(f.explanation.length).toBeGreaterThan(10);
      expect(f.location).toEqual({ file: cursor, config_pointer: '/mcpServers/poisoned' });
    }
    expect(by.poisoned.findings.some((f) => f.severity === 'high' || f.severity === 'critical')).toBe(true);
    expect(by.shadow.findings.some((f) => f.family === 'tool_shadowing')).toBe(true);
    // Each server is now an MCP server asset, and the findings are AI anomalies.
    const assets = engine.assets.list({ kind: 'mcp_server', limit: 50, offset: 0 }).assets;
    expect(assets.map((a) => a.name).sort()).toEqual(['benign', 'poisoned', 'shadow', 'weather']);
    expect(assets.find((a) => a.name === 'weather')?.url).toBe(httpUrl);
    const anomalies = engine.aiAnomalies.list({ limit: 50, offset: 0 }).anomalies;
    expect(anomalies.some((a) => a.type === 'mcp_tool_poisoning' && a.subject_name === 'poisoned')).toBe(true);
    expect(anomalies.some((a) => a.type === 'mcp_tool_shadowing' && a.subject_name === 'shadow')).toBe(true);
    expect(anomalies.some((a) => a.subject_name === 'benign' || a.subject_name === 'weather')).toBe(false);
  }, 60_000);

  it('reports a change after approval as a rug pull with a per-field diff, and re-approval (audited) clears it', async () => {
    const clock = setup();
    const tools = join(home, 'tools.json');
    const invariant = (await import('../fixtures/mcpscan/invariant-examples.json')).default as { servers: { server: string; tools: unknown[] }[] };
    const first = invariant.servers.find((s) => s.server === 'whatsapp-takeover (first load)')!.tools;
    const second = invariant.servers.find((s) => s.server === 'whatsapp-takeover (second load)')!.tools;
    writeFileSync(tools, JSON.stringify({ tools: first }));
    writeConfig('.claude.json', { projects: { '/home/me/app': { mcpServers: { facts: stdio('file', tools) } } } });
    const one = await scan();
    expect(one.servers[0].pin.status).toBe('unpinned');
    expect(one.servers[0].findings).toEqual([]);
    const approved = dispatch(engine, 'mcpscan.approve', { server: 'facts' }, { actor: ANALYST });
    expect(approved.fingerprint).toBe(one.servers[0].fingerprint);
    clock.advance(60_000);
    expect((await scan()).servers[0].pin.status).toBe('match');

    writeFileSync(tools, JSON.stringify({ tools: second }));
    clock.advance(60_000);
    const after = (await scan()).servers[0];
    expect(after.pin.status).toBe('changed');
    expect(after.diff?.changed).toEqual([{ tool: 'get_fact_of_the_day', changes: [expect.objectContaining({ field: 'description' })] }]);
    expect(after.findings.some((f) => f.rule_id === 'MCP-PIN-001' && f.family === 'rug_pull')).toBe(true);
    expect(after.schema_stability).toBeLessThan(1);
    expect(after.trust.factors.some((f) => f.factor === 'pins_changed')).toBe(true);
    const diff = dispatch(engine, 'mcpscan.diff', { server: 'facts' }, { actor: ANALYST });
    expect(diff.pin_status).toBe('changed');
    expect(engine.aiAnomalies.list({ type: 'mcp_rug_pull', limit: 5, offset: 0 }).anomalies).toHaveLength(1);

    // A rename with the same schema and description is a rename, not a removal and an addition.
    const renamed = second.map((t) => ({ ...(t as object), name: 'fact_of_today' }));
    writeFileSync(tools, JSON.stringify({ tools: renamed }));
    dispatch(engine, 'mcpscan.approve', { server: 'facts' }, { actor: ANALYST });
    writeFileSync(tools, JSON.stringify({ tools: renamed.map((t) => ({ ...t, name: 'todays_fact' })) }));
    clock.advance(60_000);
    const r = (await scan()).servers[0];
    expect(r.diff).toMatchObject({ renamed: [{ from: 'get_fact_of_the_day', to: 'todays_fact' }], added: [], removed: [] });
    const audit = dispatch(engine, 'audit.list', { limit: 50 }, { actor: ANALYST });
    expect(JSON.stringify(audit)).toContain('mcpscan.approve');
  }, 90_000);

  it('reports a server that hangs or cannot start as unreachable with the reason, never clean', async () => {
    setup();
    writeConfig('.codeium/windsurf/mcp_config.json', { mcpServers: { hangs: stdio('hang'), missing: { command: join(home, 'no-such-binary') } } });
    const result = await scan(1500);
    const by = Object.fromEntries(result.servers.map((s) => [s.name, s]));
    expect(by.hangs.status).toBe('error');
    expect(by.hangs.error).toMatch(/no answer within 1500 ms/);
    expect(by.missing.status).toBe('error');
    for (const s of result.servers) expect(s.findings.map((f) => f.family)).toEqual(['unreachable']);
    expect(result.summary.unreachable).toBe(2);
    expect(engine.aiAnomalies.list({ type: 'mcp_server_unreachable', limit: 5, offset: 0 }).anomalies).toHaveLength(2);
  }, 30_000);

  it('scans the MCP servers of the asset registry that no config file names', async () => {
    setup();
    engine.assets.register({ kind: 'mcp_server', name: 'registered-benign', transport: 'stdio', command: `${process.execPath} ${SERVER} benign` }, ANALYST);
    const result = await scan();
    expect(result.servers.map((s) => [s.name, s.source.client, s.status, s.tool_count])).toEqual([['registered-benign', 'registry', 'ok', 5]]);
    expect(result.servers[0].findings).toEqual([]);
  }, 30_000);
});
