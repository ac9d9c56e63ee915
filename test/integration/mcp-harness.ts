// Test harness for the MCP door: the real SDK Client over in-process Streamable HTTP (the console server
// with /mcp mounted) and over stdio (a spawned `node out/main/cli.js mcp`), plus DB snapshots.
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createConsoleServer, type ConsoleServer } from '../../src-main/doors/http/create-http-server';
import { allowedHosts } from '../../src-main/doors/http/host-guard';
import { createMcpHttpDoor, MCP_PATH, type McpHttpDoor, type McpHttpOptions } from '../../src-main/doors/mcp/http-door';
import { Engine } from '../../src-main/engine/engine';
import type { CreateKeyInput } from '../../src-main/engine/keys/key-store';
import { testLogger } from '../support/test-logger';
import { builtCli } from '../fixtures/cli-process';
import { seedFixtureInventory } from './http-fixtures';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** stdio tests spawn the built CLI, checked to be built from the code in the tree (see builtCli). */
export { builtCli } from '../fixtures/cli-process';

const TEST_ACTOR = { type: 'cli' as const, id: 'mcp-test' };

export function createKey(engine: Engine, input: Partial<CreateKeyInput> & { scopes: CreateKeyInput['scopes'] }): { key: string; keyId: string } {
  const { key, record } = engine.keys.create({ name: input.name ?? 'test-key', ...input }, TEST_ACTOR);
  return { key, keyId: record.key_id };
}

export interface HttpMcp {
  url: string;
  port: number;
  server: ConsoleServer;
  door: McpHttpDoor;
  close(): Promise<void>;
}

export async function startHttpMcp(engine: Engine, opts: Omit<McpHttpOptions, 'engine' | 'allowedHosts'> = {}): Promise<HttpMcp> {
  const server = createConsoleServer({ engine, token: 'console-token-not-for-mcp-0123', port: 0, rendererDir: null });
  const bound: { at?: { host: string; port: number } } = {};
  const door = createMcpHttpDoor({ engine, allowedHosts: () => (bound.at ? allowedHosts(bound.at.host, bound.at.port) : []), ...opts });
  server.mount(MCP_PATH, door.handler, { auth: 'own', refuse: door.refuseForeign });
  const info = await server.listen();
  bound.at = info;
  return {
    url: `http://127.0.0.1:${info.port}${MCP_PATH}`, port: info.port, server, door,
    close: async () => {
      await door.close();
      await server.close();
    },
  };
}

export async function connectHttp(url: string, key: string, name = 'test-agent'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
  return client;
}

export interface RawReply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One raw HTTP request to /mcp (node:http, no SDK), for what a real client would never send. */
export function rawMcp(port: number, body: unknown, headers: Record<string, string>, method = 'POST'): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: '/mcp', headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(typeof body === 'string' ? body : JSON.stringify(body));
    req.end();
  });
}

/** A raw initialize request, as the first POST of a session. */
export const initializeRequest = (protocolVersion = '2025-06-18') => ({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw-client', version: '1' } } });

/** Waits (up to 10 s) until the condition holds. */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !cond(); waited += 20) {
    if (waited > 10_000) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function connectStdio(dataDir: string, key: string, name = 'test-agent'): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [builtCli(), 'mcp', '--data-dir', dataDir],
    env: { PATH: process.env.PATH ?? '', THREATMATIC_API_KEY: key, THREATMATIC_LOG_LEVEL: 'warn' },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const client = new Client({ name, version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (e) {
    throw new Error(`threatmatic mcp did not start: ${(e as Error).message}\nstderr: ${err}`);
  }
  return { client, stderr: () => err };
}

/** The text of a tool result's first content block. */
export function text(r: unknown): string {
  const c = (r as CallToolResult).content?.[0];
  return c && c.type === 'text' ? c.text : '';
}

/** Every user table's rows, to prove a refused call changed nothing (the audit log is compared apart). */
export function snapshotTables(engine: Engine, except: readonly string[] = ['audit_log']): Record<string, string[]> {
  const tables = engine.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  // Rows as sorted JSON: WITHOUT ROWID tables have no rowid to order by.
  return Object.fromEntries(tables.filter((t) => !except.includes(t)).map((t) => [t, engine.db.prepare(`SELECT * FROM "${t}"`).all().map((r) => JSON.stringify(r)).sort()]));
}

export const auditCount = (engine: Engine) => engine.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get() as number;

/** An engine on a fresh data dir with the MCP HTTP door started, and the clients a test file opened. */
export interface McpFixture { dir: string; engine: Engine; http: HttpMcp; open: Client[] }

/** What a test file's beforeAll sets up: the engine (with the fixture inventory unless told not to) and /mcp. */
export async function openMcpFixture(prefix: string, opts: { inventory?: boolean } = {}): Promise<McpFixture> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const engine = Engine.open({ dataDir: dir, log: testLogger });
  if (opts.inventory ?? true) seedFixtureInventory(engine);
  return { dir, engine, http: await startHttpMcp(engine), open: [] };
}

/** Its afterAll: every client the file opened, the HTTP door, then the engine. */
export async function closeMcpFixture(f: McpFixture | undefined): Promise<void> {
  if (!f) return;
  await Promise.all(f.open.map((c) => c.close().catch(() => undefined)));
  await f.http.close();
  f.engine.close();
}
