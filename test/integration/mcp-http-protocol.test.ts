// JSON-RPC as the spec says it, over MCP's Streamable HTTP: malformed params answer -32602 naming the
// field (never -32603 with raw validation output), an unknown method -32601, and the SSE streams carry
// event ids and a `retry` so a client whose stream dropped resumes with Last-Event-ID and receives
// exactly what it missed. The real SDK client throughout, plus raw requests where a client would not.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { Client as SdkClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CallToolResultSchema, EmptyResultSchema, ListToolsResultSchema, LoggingMessageNotificationSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEventView } from '@shared/contract/operations/events-read';
import { DEFAULT_RETRY_MS } from '../../src-main/doors/mcp/http-door';
import type { Engine } from '../../src-main/engine/engine';
import { closeMcpFixture, connectHttp, createKey, initializeRequest, openMcpFixture, rawMcp, type HttpMcp, type McpFixture } from './mcp-harness';

let fx: McpFixture | undefined;
let engine: Engine;
let http: HttpMcp;
let open: Client[];

beforeAll(async () => {
  fx = await openMcpFixture('tm-mcp-protocol-');
  ({ engine, http, open } = fx);
});
afterAll(() => closeMcpFixture(fx));

async function connect(name: string, scopes: 'read' | 'admin' = 'read') {
  const k = createKey(engine, { name, scopes });
  const client = await connectHttp(http.url, k.key, name);
  open.push(client);
  return { client, ...k };
}

/** The JSON-RPC error a request got, as the client saw it. */
async function rpcError(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(McpError);
  return { code: (err as McpError).code, message: (err as McpError).message };
}

describe('JSON-RPC error codes', () => {
  it('answers malformed params with -32602 naming the field, for every method the server serves', async () => {
    const { client } = await connect('malformed');
    const cases: [method: string, params: unknown, field: RegExp][] = [
      ['tools/call', { name: 42 }, /Invalid params for tools\/call: params\.name: .*expected string/],
      ['tools/call', { name: 'get_fleet_posture', arguments: 'all of it' }, /Invalid params for tools\/call: params\.arguments: .*expected record/],
      ['tools/call', {}, /Invalid params for tools\/call: params\.name/],
      ['tools/list', { cursor: 7 }, /Invalid params for tools\/list: params\.cursor: .*expected string/],
      ['logging/setLevel', { level: 'loud' }, /Invalid params for logging\/setLevel: params\.level/],
    ];
    for (const [method, params, message] of cases) {
      const e = await rpcError(client.request({ method, params } as never, EmptyResultSchema));
      expect(e.code, method).toBe(-32602);
      expect(e.message, method).toMatch(message);
      // Never the validator's raw output.
      expect(e.message).not.toMatch(/"code":|"path":|\[\s*\{/);
    }
    // The session still answers.
    expect((await client.request({ method: 'tools/list', params: {} }, ListToolsResultSchema)).tools.length).toBeGreaterThan(0);
  });

  it('answers an unknown method with -32601 and an unknown tool with -32602, and audits the unknown tool', async () => {
    const { client, keyId } = await connect('lost');
    expect((await rpcError(client.request({ method: 'tools/teleport', params: {} } as never, EmptyResultSchema))).code).toBe(-32601);
    const unknown = await rpcError(client.request({ method: 'tools/call', params: { name: 'format_disk', arguments: {} } }, CallToolResultSchema));
    expect(unknown).toEqual({ code: -32602, message: expect.stringMatching(/Unknown tool: format_disk; tools\/list shows the tools this key may call/) });
    expect(engine.db.prepare('SELECT action, outcome FROM audit_log WHERE actor_id = ? ORDER BY seq').all(keyId)).toEqual([{ action: 'mcp.format_disk', outcome: 'error' }]);
  });

  it('answers an initialize with malformed params with -32602 naming the field, without opening a session', async () => {
    const { key } = createKey(engine, { name: 'bad-init', scopes: 'read' });
    const before = http.door.sessionCount();
    const r = await rawMcp(http.port, { jsonrpc: '2.0', id: 5, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {} } }, { Authorization: `Bearer ${key}` });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ jsonrpc: '2.0', id: 5, error: { code: -32602, message: expect.stringMatching(/Invalid params for initialize: params\.clientInfo/) } });
    expect(http.door.sessionCount()).toBe(before);
  });
});

/** SSE events of a raw response body: each one's fields. */
function sseEvents(body: string): Record<string, string>[] {
  return body.split('\n\n').filter((e) => e.trim()).map((e) => Object.fromEntries(e.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()])));
}

describe('resumable SSE streams', () => {
  it('sends a priming event with an id and `retry`, and an id on every message', async () => {
    const { key } = createKey(engine, { name: 'sse-reader', scopes: 'read' });
    const init = await rawMcp(http.port, initializeRequest('2025-11-25'), { Authorization: `Bearer ${key}` });
    expect(init.headers['content-type']).toBe('text/event-stream');
    const [priming, answer] = sseEvents(init.body);
    expect(priming).toEqual({ id: expect.stringMatching(/\S/), retry: String(DEFAULT_RETRY_MS), data: '' });
    expect(answer).toMatchObject({ event: 'message', id: expect.stringMatching(/\S/) });
    expect(JSON.parse(answer.data)).toMatchObject({ id: 1, result: { serverInfo: { name: 'threatmatic' } } });
    const sid = init.headers['mcp-session-id'] as string;
    const headers = { Authorization: `Bearer ${key}`, 'Mcp-Session-Id': sid, 'Mcp-Protocol-Version': '2025-11-25' };
    await rawMcp(http.port, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
    const call = await rawMcp(http.port, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_fleet_posture', arguments: {} } }, headers);
    const events = sseEvents(call.body);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => /\S/.test(e.id ?? ''))).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('lets a client whose stream dropped reconnect with Last-Event-ID and receive exactly the messages it missed', async () => {
    const { key, keyId } = createKey(engine, { name: 'resumer', scopes: 'read' });
    const cursor = engine.events.head();
    const appended = [1, 2, 3].map((i) => engine.events.append({ event_type: 'anomaly', severity: 'critical', entity_type: 'device', entity_id: `ws-resume-${i}`, data: { anomaly_type: 'c2_beacon', device_id: `ws-resume-${i}`, severity: 'critical', recommended_action: 'isolate' } }));
    const resumedFrom: string[] = [];
    let dropped = false;
    // The network as the client sees it: the subscribe_events stream breaks right after its first event message.
    const flakyFetch = async (url: string | URL, init?: RequestInit): Promise<Response> => {
      const lastEventId = new Headers(init?.headers).get('last-event-id');
      if (lastEventId) resumedFrom.push(lastEventId);
      const res = await fetch(url, init);
      if (dropped || init?.method !== 'POST' || !String(init.body).includes('"subscribe_events"') || !res.body) return res;
      dropped = true;
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const encoder = new TextEncoder();
      let buffered = '';
      const cut = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await reader.read();
          if (done) return controller.close();
          buffered += decoder.decode(value, { stream: true });
          const complete = buffered.split('\n\n');
          buffered = complete.pop() ?? '';
          for (const event of complete) {
            controller.enqueue(encoder.encode(`${event}\n\n`));
            if (event.includes('notifications/message')) {
              await reader.cancel();
              return controller.error(new TypeError('network connection lost'));
            }
          }
        },
      });
      return new Response(cut, { status: res.status, headers: res.headers });
    };
    const client = new SdkClient({ name: 'resumer', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { fetch: flakyFetch, requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
    open.push(client);
    const logged: number[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logged.push((n.params.data as LoggedEventView).cursor));
    client.onerror = () => undefined;

    const r = await client.callTool({ name: 'subscribe_events', arguments: { cursor, filters: { severity: 'critical' }, max_events: 3, timeout_seconds: 5 } }, undefined, { timeout: 20_000 });
    expect(dropped).toBe(true);
    expect(resumedFrom).toHaveLength(1);
    expect((r.structuredContent as { events: LoggedEventView[] }).events.map((e) => e.cursor)).toEqual(appended);
    // The first event came on the original stream, the other two (and the result) on the resumed one: each once.
    expect(logged).toEqual(appended);
    expect(engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND action = 'events.subscribe'").pluck().get(keyId)).toBe(1);
  });

  it('refuses a resume from an event the session does not hold with a clear message', async () => {
    const { key } = createKey(engine, { name: 'stale-resume', scopes: 'read' });
    const init = await rawMcp(http.port, initializeRequest('2025-11-25'), { Authorization: `Bearer ${key}` });
    const sid = init.headers['mcp-session-id'] as string;
    const r = await rawMcp(http.port, undefined, { Authorization: `Bearer ${key}`, 'Mcp-Session-Id': sid, 'Mcp-Protocol-Version': '2025-11-25', Accept: 'text/event-stream', 'Last-Event-ID': '999999' }, 'GET');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toMatch(/cannot resume after event '999999': this session no longer holds it/);
  });
});
