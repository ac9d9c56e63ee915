// The console while another connection holds the database's write lock (a CLI ingest in another
// process, here a second connection): actions wait without blocking the server and then apply, files
// and reads keep flowing, and past the bound the answer is a clear 503 that changed nothing and is audited.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_BUSY_RETRY, type BusyRetryPolicy } from '../../src-main/doors/busy-retry';
import { createConsoleServer, type ConsoleServer } from '../../src-main/doors/http/create-http-server';
import { DB_FILE } from '../../src-main/engine/data-dir';
import { SERVER_BUSY_TIMEOUT_MS } from '../../src-main/engine/db/open';
import { Engine } from '../../src-main/engine/engine';
import type { Logger } from '../../src-main/engine/log';
import { FIXTURE_DEVICES, seedFixtureInventory } from './http-fixtures';
import { connectHttp, createKey, startHttpMcp } from './mcp-harness';

const TOKEN = 'busy-test-token-0123456789';
let dir: string;
let engine: Engine;
let server: ConsoleServer | undefined;
let base: string;
let holder: Database.Database | undefined;
let errors: string[];

const MET_LOCK = 'another process holds the write lock';
/** Errors, and any write that met the lock (logged at info by the tasks that retry later); slow-query warnings say nothing here. */
const capture: Logger = {
  debug() {},
  info: (m) => {
    if (m.includes(MET_LOCK)) errors.push(`info: ${m}`);
  },
  warn: (m) => {
    if (m.includes(MET_LOCK)) errors.push(`warn: ${m}`);
  },
  error: (m) => errors.push(`error: ${m}`),
};

async function start(busyRetry: BusyRetryPolicy): Promise<void> {
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Threatmatic Console</title>');
  engine = Engine.open({ dataDir: join(dir, 'data'), busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS, log: capture });
  seedFixtureInventory(engine);
  server = createConsoleServer({ engine, token: TOKEN, port: 0, rendererDir: renderer, busyRetry });
  const { port } = await server.listen();
  base = `http://127.0.0.1:${port}`;
}

const op = (name: string, input: unknown) =>
  fetch(`${base}/api/ops/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });

/** What another writer does: a second connection takes the write lock and keeps it until released. */
function holdWriteLock(): () => void {
  holder = new Database(join(dir, 'data', DB_FILE));
  holder.exec('BEGIN IMMEDIATE');
  holder.prepare("INSERT INTO settings (key, value) VALUES ('busy-test', '1') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
  return () => {
    holder!.exec('COMMIT');
    holder!.close();
    holder = undefined;
  };
}

const blocksOf = (destination: string) =>
  engine.db.prepare("SELECT COUNT(*) FROM policies WHERE kind = 'block' AND rules LIKE ?").pluck().get(`%${destination}%`) as number;
const auditOf = (action: string) =>
  engine.db.prepare('SELECT outcome, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { outcome: string; detail: string | null }[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'threatmatic-busy-'));
  errors = [];
});

afterEach(async () => {
  if (holder?.open) {
    holder.exec('ROLLBACK');
    holder.close();
  }
  holder = undefined;
  await server?.close();
  server = undefined;
  engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve mode with the database locked by another writer', () => {
  it('an analyst action waits for the lock, while files and reads are served, then applies once', async () => {
    await start({ ...DEFAULT_BUSY_RETRY, maxWaitMs: 60_000 });
    // Warm the posture rows first: a read answers from them and has nothing to write.
    for (const name of ['posture.fleet', 'compliance.state']) expect((await op(name, {})).status).toBe(200);
    expect((await op('posture.device', { device_id: FIXTURE_DEVICES[0].device_id })).status).toBe(200);
    const attempts = vi.spyOn(engine.policy, 'blockDestination');

    const release = holdWriteLock();
    let settled = false;
    const action = op('policy.blockDestination', { destination: '198.51.100.77', reason: 'C2 seen during an ingest' }).then((r) => {
      settled = true;
      return r;
    });
    // Awaited below; if an assertion fails first, the server's close must not surface as an unhandled rejection.
    action.catch(() => undefined);
    await vi.waitFor(() => expect(attempts.mock.calls.length).toBeGreaterThan(1), { timeout: 10_000, interval: 5 });

    // The server's event loop is free: the page and the console's reads answer while the action waits.
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Threatmatic Console');
    for (const [name, input] of [
      ['posture.fleet', {}], ['posture.device', { device_id: FIXTURE_DEVICES[0].device_id }], ['inventory.listDevices', {}], ['incidents.list', {}],
      ['anomalies.list', {}], ['policy.list', {}], ['system.stats', {}], ['compliance.state', {}], ['audit.list', {}], ['events.read', {}],
    ] as const) {
      const r = await op(name, input);
      expect(r.status, name).toBe(200);
    }
    expect(settled).toBe(false);
    expect(blocksOf('198.51.100.77')).toBe(0);
    // Reads took no write lock: none of them tried to write and failed.
    expect(errors).toEqual([]);

    release();
    const reply = await action;
    expect(reply.status).toBe(200);
    expect(await reply.json()).toMatchObject({ ok: true, result: { destination: '198.51.100.77', status: 'blocked', changed: true } });
    expect(blocksOf('198.51.100.77')).toBe(1);
    // One change, one audit entry: the retries left no trace of their own.
    expect(auditOf('policy.blockDestination').map((a) => a.outcome)).toEqual(['ok']);
  });

  it('past the bound answers 503 with Retry-After and a JSON error naming the lock, changes nothing, and audits the refusal', async () => {
    await start({ ...DEFAULT_BUSY_RETRY, maxWaitMs: 300, retryAfterS: 3 });
    const release = holdWriteLock();
    const reply = await op('policy.blockDestination', { destination: '203.0.113.99', reason: 'beaconing' });
    expect(reply.status).toBe(503);
    expect(reply.headers.get('retry-after')).toBe('3');
    const body = (await reply.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(body.error.message).toMatch(/locked by another writer .* nothing was changed: retry in 3 s/);
    expect(blocksOf('203.0.113.99')).toBe(0);
    expect(auditOf('policy.blockDestination')).toEqual([]);

    release();
    // The refusal is recorded as soon as the database takes writes again, under the console's actor.
    await vi.waitFor(() => expect(auditOf('policy.blockDestination')).toHaveLength(1), { timeout: 10_000, interval: 20 });
    const [entry] = auditOf('policy.blockDestination');
    expect(entry.outcome).toBe('error');
    expect(JSON.parse(entry.detail!)).toMatchObject({ code: 'busy' });
    expect(blocksOf('203.0.113.99')).toBe(0);
    expect(engine.db.prepare("SELECT COUNT(*) FROM event_log WHERE event_type = 'policy'").pluck().get()).toBe(0);

    // The same call, repeated once the lock is gone, applies.
    const again = await op('policy.blockDestination', { destination: '203.0.113.99', reason: 'beaconing' });
    expect(again.status).toBe(200);
    expect(blocksOf('203.0.113.99')).toBe(1);
  });

  it('an MCP agent\'s action waits for the lock too, then applies with one audit entry and no refusal', async () => {
    await start(DEFAULT_BUSY_RETRY);
    const mcp = await startHttpMcp(engine);
    const { key, keyId } = createKey(engine, { scopes: ['read', 'destination:block'] });
    const client = await connectHttp(mcp.url, key, 'busy-agent');
    try {
      const attempts = vi.spyOn(engine.policy, 'blockDestination');
      const release = holdWriteLock();
      const call = client.callTool({ name: 'block_destination', arguments: { destination: '192.0.2.44', reason: 'agent block during an ingest' } });
      await vi.waitFor(() => expect(attempts.mock.calls.length).toBeGreaterThan(1), { timeout: 10_000, interval: 5 });
      expect(blocksOf('192.0.2.44')).toBe(0);
      release();
      const result = await call;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ destination: '192.0.2.44', status: 'blocked' });
      expect(blocksOf('192.0.2.44')).toBe(1);
      const entries = engine.db.prepare("SELECT actor_id, outcome FROM audit_log WHERE action = 'policy.blockDestination'").all();
      expect(entries).toEqual([{ actor_id: keyId, outcome: 'ok' }]);
    } finally {
      await client.close();
      await mcp.close();
    }
  });
});
