// MCP benchmark on a simulated 10,000-device fleet: get_device_posture round trips through the real SDK
// Client over stdio (a spawned `threatmatic mcp`) and Streamable HTTP (in this process), 50 concurrent
// HTTP sessions, and event delivery latency (event committed → notification in the client) for both.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { createConsoleServer } from '../../src-main/doors/http/create-http-server';
import { allowedHosts } from '../../src-main/doors/http/host-guard';
import { createMcpHttpDoor, MCP_PATH } from '../../src-main/doors/mcp/http-door';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { runSimulation } from '../../src-main/engine/simulate/run-simulation';
import type { BenchResult } from './report';

const DEVICES = 10_000;
const CALLS = 2000;
const WARMUP = 200;
const SESSIONS = 50;
const CALLS_PER_SESSION = 20;
const EVENTS = 40;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The built CLI beside this bundle (out/main/cli.js), or the repo's when run from source. */
function cliPath(): string {
  const beside = fileURLToPath(new URL('./cli.js', import.meta.url));
  return existsSync(beside) ? beside : resolve(fileURLToPath(new URL('../..', import.meta.url)), 'out/main/cli.js');
}

async function roundTrips(client: Client, ids: string[]): Promise<{ p50: number; p99: number }> {
  const call = (i: number) => client.callTool({ name: 'get_device_posture', arguments: { device_id: ids[i % ids.length] } });
  for (let i = 0; i < WARMUP; i++) await call(i * 7919);
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    const r = await call(i * 104_729);
    times.push(performance.now() - t);
    if (r.isError) throw new Error(`get_device_posture failed in the benchmark: ${JSON.stringify(r.content)}`);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/** Appends events one at a time while the client holds subscribe_events open; ms from commit to notification. */
async function deliveryLatency(engine: Engine, client: Client, keyId: string, spacingMs: number): Promise<{ p50: number; max: number }> {
  const committed = new Map<number, number>();
  const latencies: number[] = [];
  client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    const cursor = (n.params.data as { cursor: number }).cursor;
    const at = committed.get(cursor);
    if (at !== undefined) latencies.push(performance.now() - at);
  });
  const subscribedBefore = engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND action = 'events.subscribe'").pluck();
  const seen = subscribedBefore.get(keyId) as number;
  const call = client.callTool({ name: 'subscribe_events', arguments: { filters: { entity_id: 'bench-latency' }, max_events: EVENTS, timeout_seconds: 120 } });
  while ((subscribedBefore.get(keyId) as number) === seen) await sleep(5);
  for (let i = 0; i < EVENTS; i++) {
    const cursor = engine.events.append({ event_type: 'anomaly', severity: 'high', entity_type: 'device', entity_id: 'bench-latency', data: { i } });
    committed.set(cursor, performance.now());
    await sleep(spacingMs);
  }
  await call;
  latencies.sort((a, b) => a - b);
  return { p50: quantile(latencies, 0.5), max: latencies[latencies.length - 1] };
}

export async function runMcpBench(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tm-mcp-bench-'));
  const engine = Engine.open({ dataDir: dir, log: silentLogger });
  try {
    const t0 = performance.now();
    runSimulation(engine, { devices: DEVICES, hours: 1, seed: 11 }, { actor: { type: 'cli', id: 'bench' } });
    const ids = engine.db.prepare('SELECT device_id FROM devices ORDER BY device_id').pluck().all() as string[];
    engine.posture.fleet();
    const seeded = (performance.now() - t0) / 1000;
    const { key, record } = engine.keys.create({ name: 'bench', scopes: 'read' }, { type: 'cli', id: 'bench' });

    // Streamable HTTP, in this process (client and server share one event loop, as a local assistant would not).
    const server = createConsoleServer({ engine, token: 'bench-console-token-0123456789', port: 0, rendererDir: null });
    const at: { host?: string; port?: number } = {};
    // One key opens every session here: the per-key cap is raised to the session count (this measures throughput, not fairness).
    const door = createMcpHttpDoor({ engine, allowedHosts: () => (at.port ? allowedHosts(at.host as string, at.port) : []), maxSessionsPerKey: SESSIONS });
    server.mount(MCP_PATH, door.handler, { auth: 'own', refuse: door.refuseForeign });
    Object.assign(at, await server.listen());
    const url = new URL(`http://127.0.0.1:${at.port}${MCP_PATH}`);
    const httpClient = async (name: string) => {
      const c = new Client({ name, version: '1' });
      await c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
      return c;
    };
    try {
      const http = await httpClient('bench-http');
      const h = await roundTrips(http, ids);
      results.push(
        { name: `get_device_posture over HTTP, p50 (${DEVICES.toLocaleString('en-US')} devices)`, value: h.p50, unit: 'ms', target: '<= 5', met: h.p50 <= 5, note: `${CALLS} sequential calls after ${WARMUP} warm-up; fleet seeded in ${seeded.toFixed(1)} s` },
        { name: 'get_device_posture over HTTP, p99', value: h.p99, unit: 'ms' },
      );
      const lat = await deliveryLatency(engine, http, record.key_id, 25);
      results.push({ name: 'event delivery over HTTP (commit → client notification), p50', value: lat.p50, unit: 'ms', target: '<= 1000', met: lat.max <= 1000, note: `max ${lat.max.toFixed(1)} ms over ${EVENTS} events; same process: woken right after the commit` });
      // Ended as a well-behaved client does (DELETE), so its session does not count against the key's cap.
      await (http.transport as StreamableHTTPClientTransport).terminateSession();
      await http.close();

      const started = performance.now();
      const clients = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => httpClient(`bench-${i}`)));
      const outcomes = await Promise.allSettled(clients.flatMap((c, s) => Array.from({ length: CALLS_PER_SESSION }, (_, k) => c.callTool({ name: 'get_device_posture', arguments: { device_id: ids[(s * 997 + k * 31) % ids.length] } }))));
      const failed = outcomes.filter((o) => o.status === 'rejected' || o.value.isError).length;
      const seconds = (performance.now() - started) / 1000;
      await Promise.all(clients.map((c) => c.close()));
      results.push({ name: `${SESSIONS} concurrent HTTP sessions × ${CALLS_PER_SESSION} calls: errors`, value: failed, unit: 'errors', target: '0', met: failed === 0, note: `${Math.round((SESSIONS * CALLS_PER_SESSION) / seconds)} calls/s including session set-up` });
    } finally {
      await door.close();
      await server.close();
    }

    // stdio: a separate `threatmatic mcp` process on the same data folder.
    const cli = cliPath();
    if (!existsSync(cli)) {
      results.push({ name: 'get_device_posture over stdio', value: NaN, unit: 'ms', note: `skipped: ${cli} missing (npm run build)` });
      return results;
    }
    const stdio = new Client({ name: 'bench-stdio', version: '1' });
    await stdio.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--data-dir', dir], env: { PATH: process.env.PATH ?? '', THREATMATIC_API_KEY: key }, stderr: 'ignore' }));
    try {
      const s = await roundTrips(stdio, ids);
      results.push(
        { name: `get_device_posture over stdio, p50 (${DEVICES.toLocaleString('en-US')} devices)`, value: s.p50, unit: 'ms', target: '<= 2', met: s.p50 <= 2, note: `${CALLS} sequential calls after ${WARMUP} warm-up` },
        { name: 'get_device_posture over stdio, p99', value: s.p99, unit: 'ms' },
      );
      const lat = await deliveryLatency(engine, stdio, record.key_id, 100);
      results.push({ name: 'event delivery over stdio (commit in another process → notification), p50', value: lat.p50, unit: 'ms', target: '<= 1000', met: lat.max <= 1000, note: `max ${lat.max.toFixed(1)} ms over ${EVENTS} events; cross-process writes are found by a 250 ms poll` });
    } finally {
      await stdio.close();
    }
    return results;
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
