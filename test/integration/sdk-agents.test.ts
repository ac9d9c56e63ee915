// The agent SDKs against the real REST door: a Python agent (the package installed with pip into a fresh
// virtual environment, run as its own process) and a Node agent whose MCP client calls a real Threatmatic
// MCP server through instrument(). Each registers, reports, and shows in GET /api/v1/assets with its
// activity; with the server down the agent keeps running and owns up to what it dropped.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instrument, ThreatVec } from '../../sdk/node/src/index';
import { connectHttp, createKey, repoRoot, startHttpMcp } from './mcp-harness';
import { startRestHarness, type RestHarness } from './rest-harness';

let h: RestHarness;
let reader: string;
let python: string;

beforeAll(async () => {
  h = await startRestHarness();
  reader = h.key('read');
  const venv = mkdtempSync(join(tmpdir(), 'threatvec-venv-'));
  execFileSync('python3', ['-m', 'venv', venv]);
  python = join(venv, 'bin', 'python');
  // The package as a user installs it: pip, offline (the build backend from the machine's local index).
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', join(repoRoot, 'sdk/python')], { stdio: 'pipe' });
}, 180_000);
afterAll(async () => h?.close());

async function assetNamed(name: string) {
  const list = await h.send('GET', `/api/v1/assets?search=${encodeURIComponent(name)}`, { key: reader });
  expect(list.status).toBe(200);
  return (list.json.assets as { id: string; name: string; status: string; framework: string | null }[]).find((a) => a.name === name);
}

/** Runs a Python agent as its own process; asynchronously, so this process's server keeps answering it. */
function runPython(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-c', script], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`python exited ${code}: ${stderr}`))));
  });
}

describe('Python SDK', () => {
  it('ThreatVec.auto() registers the agent and its tool and LLM calls reach the registry', async () => {
    const key = h.key('assets:write', { name: 'py-agent-key' });
    const out = await runPython(`
from threatvec import ThreatVec
tv = ThreatVec.auto(framework="custom", models=["gpt-4o"])

@tv.tool(server="crm")
def lookup(customer_id):
    return {"id": customer_id}

@tv.tool(server="mail")
def send(to):
    raise RuntimeError("smtp down")

with tv.run("run-1"):
    lookup(42)
    try:
        send("a@example.com")
    except RuntimeError:
        pass
    with tv.llm_call("gpt-4o") as call:
        call.tokens(input=1200, output=300)
tv.stop()
print(tv.stats())
`, { THREATVEC_URL: `http://127.0.0.1:${h.port}`, THREATVEC_AGENT_NAME: 'py-support-bot', THREATVEC_ORG_KEY: key });
    expect(out, out).toContain("'dropped': 0");
    expect(out, out).toContain("'last_error': None");
    const asset = await assetNamed('py-support-bot');
    expect(asset).toMatchObject({ status: 'active', framework: 'custom' });
    const act = await h.send('GET', `/api/v1/agents/${asset!.id}/events?run_id=run-1`, { key: reader });
    expect(act.status).toBe(200);
    const events = act.json.events as { type: string; tool: string | null; server: string | null; outcome: string | null; error: string | null; args_digest: string | null; input_tokens: number | null }[];
    expect(events.map((e) => e.type).sort()).toEqual(['llm_call', 'run_start', 'run_stop', 'tool_call', 'tool_call']);
    const calls = events.filter((e) => e.type === 'tool_call');
    expect(calls.map((c) => [c.server, c.tool, c.outcome, c.error]).sort()).toEqual([['crm', 'lookup', 'ok', null], ['mail', 'send', 'error', 'RuntimeError']]);
    expect(calls.every((c) => /^[0-9a-f]{64}$/.test(c.args_digest ?? ''))).toBe(true);
    expect(events.find((e) => e.type === 'llm_call')?.input_tokens).toBe(1200);
  }, 60_000);

  it('THREATVEC_ENABLED=false leaves the code in place and sends nothing', async () => {
    await runPython(`
from threatvec import ThreatVec
tv = ThreatVec.auto()
@tv.tool()
def f(): return 1
assert f() == 1
tv.stop()
`, { THREATVEC_URL: `http://127.0.0.1:${h.port}`, THREATVEC_AGENT_NAME: 'py-disabled', THREATVEC_ENABLED: 'false' });
    expect(await assetNamed('py-disabled')).toBeUndefined();
  }, 60_000);

  it('never blocks or raises with the server down, and reports what it dropped once the server answers', async () => {
    const key = h.key('assets:write', { name: 'py-drops' });
    const down = await runPython(`
import time
from threatvec import ThreatVec
tv = ThreatVec(server_url="http://127.0.0.1:9", agent_name="py-down", max_buffer=5, timeout=0.5).start()
t = time.perf_counter()
for i in range(8):
    tv.record_tool_call("t", args={"i": i})
elapsed = time.perf_counter() - t
tv.stop(timeout=1)
s = tv.stats()
print(s["dropped"], s["sent"], elapsed < 0.5, s["last_error"] is not None)
`, {});
    expect(down.trim()).toBe('3 0 True True');
    const up = await runPython(`
from threatvec import ThreatVec
tv = ThreatVec(server_url="${`http://127.0.0.1:${h.port}`}", agent_name="py-drops", org_key="${key}", max_buffer=5)
for i in range(8):
    tv.record_tool_call("t", args={"i": i})
tv.start()
tv.stop()
print(tv.stats()["sent"], tv.stats()["dropped"])
`, {});
    // Five calls fit; three calls and the first heartbeat (the buffer still full) were dropped.
    expect(up.trim()).toBe('5 4');
    const asset = await assetNamed('py-drops');
    const act = await h.send('GET', `/api/v1/agents/${asset!.id}/events`, { key: reader });
    expect(act.json.summary).toMatchObject({ tool_calls: 5, dropped_reported: 4 });
  }, 60_000);
});

describe('Node SDK', () => {
  it('instrument() reports every callTool of a real MCP client, with server, tool, outcome and run', async () => {
    const mcp = await startHttpMcp(h.engine);
    try {
      const tv = new ThreatVec({ server_url: `http://127.0.0.1:${h.port}`, agent_name: 'node-triage', org_key: h.key('assets:write'), flush_interval_ms: 50, framework: 'mcp-sdk' }).start();
      const client = instrument(await connectHttp(mcp.url, createKey(h.engine, { scopes: ['read'] }).key, 'node-triage'), tv);
      const serverName = client.getServerVersion()?.name;
      await tv.run(async () => {
        await client.callTool({ name: 'get_fleet_posture', arguments: {} });
        const missing = await client.callTool({ name: 'get_device_posture', arguments: { device_id: 'no-such-device' } });
        expect(missing.isError).toBe(true);
      }, 'node-run-1');
      await client.close();
      await tv.stop();
      expect(tv.stats()).toMatchObject({ dropped: 0, buffered: 0 });
      const asset = await assetNamed('node-triage');
      expect(asset).toMatchObject({ status: 'active', framework: 'mcp-sdk' });
      const act = await h.send('GET', `/api/v1/agents/${asset!.id}/events?type=tool_call`, { key: reader });
      const calls = (act.json.events as { server: string; tool: string; outcome: string; run_id: string }[]).map((e) => [e.server, e.tool, e.outcome, e.run_id]).sort();
      expect(calls).toEqual([[serverName, 'get_device_posture', 'error', 'node-run-1'], [serverName, 'get_fleet_posture', 'ok', 'node-run-1']]);
      expect(serverName).toBeTruthy();
    } finally {
      await mcp.close();
    }
  }, 60_000);

  it('counts drops when the buffer is full and never rejects with the server down', async () => {
    const tv = new ThreatVec({ server_url: 'http://127.0.0.1:9', agent_name: 'node-down', max_buffer: 3, timeout_ms: 300 }).start();
    const f = tv.tool('t', (n: number) => n * 2);
    for (let i = 0; i < 10; i++) expect(f(i)).toBe(i * 2);
    await tv.stop(1000);
    // Registration never succeeded, so no heartbeat was queued: three calls held, seven dropped.
    expect(tv.stats()).toMatchObject({ dropped: 7, sent: 0, buffered: 3 });
    expect(tv.stats().last_error).toBeTruthy();
  });
});

describe('Node SDK as a package', () => {
  it('installs from sdk/node (built by npm run build) and reports from a plain Node project', async () => {
    const project = mkdtempSync(join(tmpdir(), 'threatvec-node-'));
    execFileSync('npm', ['init', '-y'], { cwd: project, stdio: 'pipe' });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(repoRoot, 'sdk/node')], { cwd: project, stdio: 'pipe' });
    const script = `
import { ThreatVec } from 'threatvec';
const tv = ThreatVec.auto();
const add = tv.tool('add', (a, b) => a + b, { server: 'math' });
await tv.run(async () => { if (add(2, 3) !== 5) throw new Error('wrong'); });
await tv.stop();
console.log(JSON.stringify(tv.stats()));
`;
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: project, env: { PATH: process.env.PATH ?? '', THREATVEC_URL: `http://127.0.0.1:${h.port}`, THREATVEC_AGENT_NAME: 'node-packaged', THREATVEC_ORG_KEY: h.key('assets:write') },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`node exited ${code}: ${stderr}`))));
    });
    expect(JSON.parse(out)).toMatchObject({ dropped: 0, buffered: 0, last_error: null });
    const asset = await assetNamed('node-packaged');
    const act = await h.send('GET', `/api/v1/agents/${asset!.id}/events?type=tool_call`, { key: reader });
    expect(act.json.events.map((e: { server: string; tool: string }) => `${e.server}/${e.tool}`)).toEqual(['math/add']);
  }, 60_000);
});
