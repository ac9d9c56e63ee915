// Serve mode's HTTP door, in-process on a free port: token, Host/Origin guards, errors, limits, static files, real ops.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operations } from '@shared/contract/index';
import { runCli, type CliIo } from '../../src-main/cli/run-cli';
import { createConsoleServer, type ConsoleServer } from '../../src-main/doors/http/create-http-server';
import { CONSOLE_CSP } from '../../src-main/doors/http/security-headers';
import { Engine } from '../../src-main/engine/engine';
import { allowErrorLogs, testLogger } from '../support/test-logger';
import { FIXTURE_DEVICES, seedFixtureInventory } from './http-fixtures';

const TOKEN = 'test-token-0123456789abcdef';
let dir: string;
let engine: Engine;
let server: ConsoleServer;
let port: number;

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; text: string; json?: any }

/** A raw request, so tests can set Host and Origin the way an attacker's browser would. */
function send(method: string, path: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const auth = { Authorization: `Bearer ${TOKEN}` };
const op = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  send('POST', `/api/ops/${name}`, { headers: { ...auth, 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'threatmatic-http-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Threatmatic Console</title><div id="root"></div>');
  writeFileSync(join(renderer, 'assets', 'app-1a2b.js'), 'console.log("app")');
  writeFileSync(join(renderer, 'assets', 'app-1a2b.css'), 'body{}');
  writeFileSync(join(dir, 'secret.txt'), 'outside the web root');
  engine = Engine.open({ dataDir: join(dir, 'data'), log: testLogger });
  seedFixtureInventory(engine);
  server = createConsoleServer({ engine, token: TOKEN, port: 0, rendererDir: renderer, bodyLimit: 64 * 1024 });
  ({ port } = await server.listen());
});

afterAll(async () => {
  await server?.close();
  engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve mode: authentication', () => {
  it('refuses API calls without the token, or with a wrong one, with 401', async () => {
    const none = await send('POST', '/api/ops/system.stats', { headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect((await op('system.stats', {}, { Authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    expect((await op('system.stats', {}, { Authorization: TOKEN })).status).toBe(401);
    expect((await send('GET', '/api/ops')).status).toBe(401);
    // Every refusal is on the record, the console door's included.
    const refused = engine.db.prepare("SELECT actor_id, outcome, params, detail FROM audit_log WHERE action = 'console.authenticate'").all() as { actor_id: string; outcome: string; params: string; detail: string }[];
    expect(refused).toHaveLength(4);
    expect(refused.every((r) => r.actor_id === 'unauthenticated' && r.outcome === 'denied' && JSON.parse(r.detail).field === 'token')).toBe(true);
    expect(refused.map((r) => JSON.parse(r.params).path)).toEqual(['/api/ops/system.stats', '/api/ops/system.stats', '/api/ops/system.stats', '/api/ops']);
  });

  it('serves the UI shell without a token (the token lives in the URL fragment)', async () => {
    const page = await send('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<div id="root">');
  });
});

describe('serve mode: DNS-rebinding and origin protection', () => {
  it('answers 403 to a Host that is not this console', async () => {
    for (const host of ['evil.com', `evil.com:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1']) {
      const r = await send('GET', '/', { headers: { Host: host } });
      expect(r.status, host).toBe(403);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await op('system.stats', {}, { Host: host })).status).toBe(403);
    }
    expect((await send('GET', '/', { headers: { Host: `localhost:${port}` } })).status).toBe(200);
  });

  it('answers 403 to a cross-origin browser request, even with the token', async () => {
    for (const origin of ['http://evil.com', `http://evil.com:${port}`, `https://127.0.0.1:${port}`, `http://localhost:${port + 1}`, 'null']) {
      const r = await op('system.stats', {}, { Origin: origin });
      expect(r.status, origin).toBe(403);
    }
    expect((await op('system.stats', {}, { Origin: `http://127.0.0.1:${port}` })).status).toBe(200);
    // Origin must match the Host actually used, not just any allowed name.
    expect((await op('system.stats', {}, { Origin: `http://localhost:${port}` })).status).toBe(403);
  });
});

describe('serve mode: the operation API', () => {
  it('lists every operation of the contract with title, description and scope, but those that read files on this machine (the CLI\'s alone)', async () => {
    const r = await send('GET', '/api/ops', { headers: auth });
    expect(r.status).toBe(200);
    const listed = r.json.result.operations as { name: string; title: string; description: string; scope: string; path: string }[];
    const cliOnly = ['ingest.file', 'intel.import', 'inventory.import', 'shadowai.importCopilot', 'vulns.importFeed'];
    expect(Object.values(operations).filter((o) => 'localFiles' in o && o.localFiles).map((o) => o.name).sort()).toEqual(cliOnly);
    expect(listed.map((o) => o.name).sort()).toEqual(Object.keys(operations).filter((n) => !cliOnly.includes(n)).sort());
    const stats = listed.find((o) => o.name === 'system.stats')!;
    expect(stats).toMatchObject({ title: operations['system.stats'].title, description: operations['system.stats'].description, scope: 'read', path: '/api/ops/system.stats' });
  });

  it('runs a real operation and returns the contract shape', async () => {
    const r = await op('inventory.listDevices', { firmware_status: 'eol' });
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.json.ok).toBe(true);
    const out = operations['inventory.listDevices'].output.parse(r.json.result);
    const eol = FIXTURE_DEVICES.filter((d) => d.firmware_status === 'eol').map((d) => d.device_id).sort();
    expect(out.devices.map((d) => d.device_id).sort()).toEqual(eol);
    const stats = operations['system.stats'].output.parse((await op('system.stats', {})).json.result);
    expect(stats.devices).toBe(FIXTURE_DEVICES.length);
    expect(stats.db_size_bytes).toBeGreaterThan(0);
  });

  it('treats an empty body as empty input', async () => {
    const r = await send('POST', '/api/ops/system.stats', { headers: auth });
    expect(r.status).toBe(200);
  });

  it('answers 404 for an unknown operation and 405 for the wrong method', async () => {
    const r = await op('system.selfDestruct', {});
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'not_found', field: 'operation' } });
    const get = await send('GET', '/api/ops/system.stats', { headers: auth });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
  });

  it('answers 400 naming the field for input the contract refuses', async () => {
    const r = await op('inventory.listDevices', { limit: 5000 });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'limit' } });
    expect(r.json.error.message).toContain('limit');
    const badJson = await send('POST', '/api/ops/system.stats', { headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"oops":' });
    expect(badJson.status).toBe(400);
    expect(badJson.json).toMatchObject({ error: { code: 'invalid_input', field: 'body' } });
    const notJson = await send('POST', '/api/ops/system.stats', { headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(notJson.status).toBe(415);
    // Each refusal, by the contract or by the door before it, left an audit entry naming why.
    const refused = engine.db.prepare("SELECT action, outcome, detail FROM audit_log WHERE outcome = 'error' AND action IN ('inventory.listDevices', 'system.stats') ORDER BY seq DESC LIMIT 3").all() as { action: string; outcome: string; detail: string }[];
    expect(refused.reverse().map((r) => [r.action, JSON.parse(r.detail).code])).toEqual([['inventory.listDevices', 'invalid_input'], ['system.stats', 'invalid_input'], ['system.stats', 'unsupported_media_type']]);
  });

  it('answers 413 to a body over the limit and keeps serving', async () => {
    const big = JSON.stringify({ search: 'x'.repeat(100 * 1024) });
    const r = await send('POST', '/api/ops/inventory.listDevices', { headers: { ...auth, 'Content-Type': 'application/json' }, body: big });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect((await op('system.stats', {})).status).toBe(200);
  });

  it('answers 500 for an engine failure without leaking its message or stack', async () => {
    // The failure is provoked: it goes to the local log (which the test logger checks), never to the caller.
    allowErrorLogs(/^operation failed .*"op":"inventory.listWorkloads"/);
    const spy = vi.spyOn(engine.inventory, 'listWorkloads').mockImplementation(() => {
      throw new Error('SQLITE_IOERR reading /home/secret/threatmatic.db');
    });
    const r = await op('inventory.listWorkloads', {});
    spy.mockRestore();
    expect(r.status).toBe(500);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(r.text).not.toMatch(/SQLITE|secret|\.ts:\d+/);
  });
});

describe('serve mode: static files', () => {
  it('serves assets with their MIME type, a long cache, and the CSP on every response', async () => {
    const js = await send('GET', '/assets/app-1a2b.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await send('GET', '/assets/app-1a2b.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    for (const r of [js, await send('GET', '/'), await op('system.stats', {})]) {
      expect(r.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe');
  });

  it('falls back to index.html for client routes and 404s missing files', async () => {
    const route = await send('GET', '/devices');
    expect(route.status).toBe(200);
    expect(route.text).toContain('<div id="root">');
    expect((await send('GET', '/assets/missing-9z.js')).status).toBe(404);
    expect((await send('GET', '/api/nothing', { headers: auth })).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%2fsecret.txt', '/assets/%00.js']) {
      const r = await send('GET', path);
      expect(r.text, path).not.toContain('outside the web root');
      expect([200, 400, 404], path).toContain(r.status);
      if (r.status === 200) expect(r.text, path).toContain('<div id="root">');
    }
  });

  it('allows only GET and HEAD on the UI', async () => {
    const r = await send('DELETE', '/index.html');
    expect(r.status).toBe(405);
    const head = await send('HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });
});

describe('threatmatic serve: options it refuses', () => {
  async function serveWith(args: string[]) {
    const err: string[] = [];
    const io: CliIo = { stdout: () => {}, stderr: (t) => err.push(t), stdoutIsTTY: false, stderrIsTTY: false, env: {} };
    const code = await runCli(['serve', '--data-dir', join(dir, 'cli-data'), '--no-demo', ...args], io);
    return { code, err: err.join('') };
  }

  it('refuses a short console token, a port out of range and a port already in use, with exit 2', async () => {
    const short = await serveWith(['--token', 'abc']);
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/token must be at least 16 characters/);
    const range = await serveWith(['--port', '70000', '--token', TOKEN]);
    expect(range.code).toBe(2);
    expect(range.err).toMatch(/--port must be at most 65535/);
    const busy = await serveWith(['--port', String(port), '--token', TOKEN]);
    expect(busy.code).toBe(2);
    expect(busy.err).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
  });
});
