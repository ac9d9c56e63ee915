// A tool argument nested 100,000 levels deep (200 KB, under the body limit) over a real MCP session, on
// both transports: the call is refused as it should be and still leaves its audit row, with the
// parameters truncated and the SHA-256 of their whole canonical text. The SDK client opens the session;
// the deep call itself is written raw, because the client's own JSON.stringify cannot serialise it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKPOINTS_FILE } from '../../src-main/engine/audit/checkpoint-file';
import { verifyAuditChain } from '../../src-main/engine/audit/verify';
import { builtCli, closeMcpFixture, connectHttp, createKey, openMcpFixture, type McpFixture } from './mcp-harness';

const DEPTH = 100_000;
const DEEP = `${'['.repeat(DEPTH)}"x"${']'.repeat(DEPTH)}`;
/** The canonical (RFC 8785) text of the arguments, written out by hand: keys sorted, no spaces. */
const ARGS_TEXT = `{"device_id":"cam-lobby-01","reason":${DEEP}}`;
const ARGS_SHA256 = createHash('sha256').update(ARGS_TEXT).digest('hex');
const callBody = (id: number) => `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"isolate_device","arguments":${ARGS_TEXT}}}`;

let fx: McpFixture | undefined;
beforeAll(async () => {
  fx = await openMcpFixture('tm-mcp-deep-');
});
afterAll(() => closeMcpFixture(fx));

interface AuditRowText { outcome: string; action: string; actor_name: string | null; params: string; detail: string | null }
const rowsOf = (keyId: string) => fx!.engine.db.prepare('SELECT outcome, action, actor_name, params, detail FROM audit_log WHERE actor_id = ? ORDER BY seq').all(keyId) as AuditRowText[];

/** The JSON-RPC message carrying `id` in an SSE or JSON response body. */
function rpcMessage(body: string, id: number): { result?: { isError?: boolean; content: { text: string }[] } } {
  const candidates = body.includes('data:') ? body.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)) : [body];
  const found = candidates.map((c) => JSON.parse(c) as { id?: number }).find((m) => m.id === id);
  if (!found) throw new Error(`no response with id ${id} in: ${body.slice(0, 300)}`);
  return found as ReturnType<typeof rpcMessage>;
}

function expectDeepCallAudited(keyId: string, agent: string): void {
  const rows = rowsOf(keyId).filter((r) => r.action === 'policy.isolateDevice');
  expect(rows).toHaveLength(1);
  const [row] = rows;
  expect(row.outcome).toBe('denied');
  expect(row.actor_name).toBe(agent);
  expect(JSON.parse(row.detail!)).toMatchObject({ code: 'forbidden', field: 'scope' });
  const params = JSON.parse(row.params) as Record<string, unknown>;
  expect(params).toMatchObject({ truncated: true, reason: 'size and depth', chars: ARGS_TEXT.length, max_depth: DEPTH + 1, sha256: ARGS_SHA256 });
  expect(params.head).toBe(ARGS_TEXT.slice(0, 4096));
  expect(row.params.length).toBeLessThan(5000);
  expect(verifyAuditChain(fx!.engine.audit.store, fx!.engine.audit.key)).toMatchObject({ ok: true });
}

describe('a 100,000-level argument from a read-only key', () => {
  it('over HTTP: isolate_device is refused for scope and audited with truncated params and their hash', async () => {
    const { key, keyId } = createKey(fx!.engine, { name: 'deep-http', scopes: 'read' });
    const client = await connectHttp(fx!.http.url, key, 'deep-agent');
    fx!.open.push(client);
    const sid = (client.transport as { sessionId?: string }).sessionId!;
    const body = callBody(77);
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1', port: fx!.http.port, method: 'POST', path: '/mcp',
        headers: { Host: `127.0.0.1:${fx!.http.port}`, Authorization: `Bearer ${key}`, 'Mcp-Session-Id': sid, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(200);
    const reply = rpcMessage(answer.text, 77);
    expect(reply.result?.isError).toBe(true);
    expect(reply.result?.content[0].text).toMatch(/^forbidden: operation 'policy.isolateDevice' needs scope 'device:isolate'/);
    expectDeepCallAudited(keyId, 'deep-agent');
    // The session still serves.
    expect((await client.callTool({ name: 'get_fleet_posture', arguments: {} })).isError).toBeFalsy();
  });

  it('over stdio: the same call is refused and audited the same way', async () => {
    const { key, keyId } = createKey(fx!.engine, { name: 'deep-stdio', scopes: 'read' });
    const child = spawn(process.execPath, [builtCli(), 'mcp', '--data-dir', fx!.dir], { env: { PATH: process.env.PATH ?? '', THREATMATIC_API_KEY: key }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const waitFor = async (needle: string) => {
      for (let waited = 0; !out.includes(needle) && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    };
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'deep-stdio-agent', version: '1' } } })}\n`);
    await waitFor('"id":1');
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n${callBody(2)}\n`);
    await waitFor('"id":2');
    const reply = out.trim().split('\n').map((l) => JSON.parse(l) as { id?: number; result?: { isError?: boolean; content: { text: string }[] } }).find((m) => m.id === 2);
    expect(reply?.result?.isError).toBe(true);
    expect(reply?.result?.content[0].text).toMatch(/^forbidden: .*needs scope 'device:isolate'/);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
    expectDeepCallAudited(keyId, 'deep-stdio-agent');
    // `threatmatic mcp` is a long-running process: closing, it checkpointed the head, its refusal included.
    const deepSeq = fx!.engine.db.prepare("SELECT MAX(seq) FROM audit_log WHERE actor_id = ? AND action = 'policy.isolateDevice'").pluck().get(keyId) as number;
    const last = JSON.parse(readFileSync(join(fx!.dir, CHECKPOINTS_FILE), 'utf8').trim().split('\n').at(-1)!) as { seq: number; reason: string };
    expect(last.reason).toBe('shutdown');
    expect(last.seq).toBeGreaterThanOrEqual(deepSeq);
  });
});
