// Agent activity intake and the SDKs' cost inside an agent. Intake: batches of 100 events POSTed to
// /api/v1/agents/{id}/events over one keep-alive connection, beside the same batches through dispatch
// without HTTP in the same run (the door's cost is the difference). SDK overhead: a recorded tool call
// against the same function called bare, in-process for Node and in a python3 process for Python, with
// no server (recording never touches the network: that is the reporter thread's or timer's job).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConsoleServer } from '../../src-main/doors/http/create-http-server';
import { mountRestDoor } from '../../src-main/doors/http/rest/rest-door';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import { ThreatVec } from '../../sdk/node/src/index';
import type { BenchResult } from './report';

const BATCH = 100;
const BATCHES = 400;
const SDK_CALLS = 200_000;
const TOKEN = 'bench-console-token-0123456789';

/** A realistic mix: a run of model calls and tool calls with digests, durations and outcomes. */
function batch(n: number): unknown[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const k = (n * BATCH + i) % 10;
    if (k === 0) return { type: 'run_start', run_id: `r${n}` };
    if (k < 4) return { type: 'llm_call', run_id: `r${n}`, model: 'gpt-4o', input_tokens: 1000 + i, output_tokens: 200, duration_ms: 800 };
    return { type: 'tool_call', run_id: `r${n}`, server: k < 7 ? 'crm' : 'mail', tool: k < 7 ? 'lookup' : 'send', args_digest: (n * 1000 + i).toString(16).padStart(64, '0'), outcome: k === 9 ? 'error' : 'ok', duration_ms: 12 };
  });
}

async function intake(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'tm-agents-bench-'));
  const engine = Engine.open({ dataDir: dir, log: silentLogger });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const actor = { type: 'cli' as const, id: 'bench' };
    const { key } = engine.keys.create({ name: 'bench-sdk', scopes: 'assets:write' }, actor);
    const http = dispatch(engine, 'assets.register', { kind: 'agent', name: 'bench-http' }, { actor }).asset.id;
    const direct = dispatch(engine, 'assets.register', { kind: 'agent', name: 'bench-direct' }, { actor }).asset.id;
    const server = createConsoleServer({ engine, token: TOKEN, port: 0, rendererDir: null });
    const door = mountRestDoor(server, { engine });
    const { port } = await server.listen();
    const post = (path: string, body: string) => new Promise<void>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path, agent, headers: { Host: `127.0.0.1:${port}`, 'X-Org-Key': key, 'Content-Type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? ok() : fail(new Error(`answered ${res.statusCode}`))));
      });
      req.on('error', fail);
      req.end(body);
    });
    const bodies = Array.from({ length: BATCHES }, (_, n) => JSON.stringify({ events: batch(n) }));
    for (let n = 0; n < 20; n++) await post(`/api/v1/agents/${http}/events`, bodies[n]);
    let t = performance.now();
    for (let n = 0; n < BATCHES; n++) await post(`/api/v1/agents/${http}/events`, bodies[n]);
    const httpRate = (BATCHES * BATCH) / ((performance.now() - t) / 1000);
    const parsed = bodies.map((b) => JSON.parse(b) as { events: unknown[] });
    t = performance.now();
    for (let n = 0; n < BATCHES; n++) dispatch(engine, 'agents.reportEvents', { agent_id: direct, events: parsed[n].events }, { actor, scopes: ['assets:write'], auditCalls: true });
    const directRate = (BATCHES * BATCH) / ((performance.now() - t) / 1000);
    door.close();
    await server.close();
    return [
      { name: `agent events accepted over REST (batches of ${BATCH}, one connection)`, value: httpRate, unit: 'events/s', target: '>= 20000', met: httpRate >= 20_000, note: `${BATCHES} batches, each validated, stored and audited in one transaction` },
      { name: 'baseline: the same batches through dispatch, no HTTP', value: directRate, unit: 'events/s', note: `the door's share: ${Math.round((1 - httpRate / directRate) * 100)}% of the time` },
    ];
  } finally {
    agent.destroy();
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function nodeSdk(): BenchResult[] {
  const tv = new ThreatVec({ server_url: 'http://127.0.0.1:9', agent_name: 'bench', max_buffer: SDK_CALLS * 2 });
  const bare = (a: number, b: number) => a + b;
  const wrapped = tv.tool('add', bare, { server: 'math' });
  const time = (fn: (a: number, b: number) => number) => {
    for (let i = 0; i < 10_000; i++) fn(i, 1);
    const t = performance.now();
    for (let i = 0; i < SDK_CALLS; i++) fn(i, 1);
    return ((performance.now() - t) * 1000) / SDK_CALLS;
  };
  const bareUs = time(bare);
  const wrappedUs = time(wrapped);
  return [{ name: 'Node SDK: cost of one recorded tool call inside the agent', value: wrappedUs - bareUs, unit: 'µs', target: '<= 50', met: wrappedUs - bareUs <= 50, note: `bare call ${bareUs.toFixed(3)} µs in the same run; includes the argument digest (SHA-256)` }];
}

function pythonSdk(): BenchResult[] {
  const script = `
import sys, time
sys.path.insert(0, ${JSON.stringify(resolve('sdk/python'))})
from threatvec import ThreatVec
tv = ThreatVec("http://127.0.0.1:9", "bench", max_buffer=${SDK_CALLS * 2})
def bare(a, b): return a + b
wrapped = tv.tool("add", server="math")(bare)
def run(fn):
    for i in range(10000): fn(i, 1)
    t = time.perf_counter()
    for i in range(${SDK_CALLS}): fn(i, 1)
    return (time.perf_counter() - t) * 1e6 / ${SDK_CALLS}
b = run(bare); w = run(wrapped)
print(b, w)
`;
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) return [{ name: `Python SDK overhead not measured: python3 exited ${r.status}`, value: 0, unit: '', note: r.stderr.slice(0, 200) }];
  const [bareUs, wrappedUs] = r.stdout.trim().split(' ').map(Number);
  return [{ name: 'Python SDK: cost of one recorded tool call inside the agent', value: wrappedUs - bareUs, unit: 'µs', target: '<= 50', met: wrappedUs - bareUs <= 50, note: `bare call ${bareUs.toFixed(3)} µs in the same run; includes the argument digest (SHA-256)` }];
}

export async function runAgentsBench(): Promise<BenchResult[]> {
  return [...(await intake()), ...nodeSdk(), ...pythonSdk()];
}
