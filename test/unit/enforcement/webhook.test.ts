// Enforcement webhooks against a local node:http server: every decision change is POSTed after its
// transaction committed, signed (HMAC-SHA256 over timestamp and raw body), retried after a 500 with
// backoff, given up after the configured attempts (or at once on a 4xx), kept in order per endpoint,
// and logged (status, attempts, last error) with an audit entry per attempt. The backoff runs on the
// engine's ManualClock: the tests advance it to each retry, they never wait for one.
import Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceRecordSchema } from '@shared/domain/inventory';
import { ManualClock } from '../../../src-main/engine/clock';
import { verifySignature } from '../../../src-main/engine/enforcement/signing';
import { Engine } from '../../../src-main/engine/engine';
import { UserError } from '../../../src-main/engine/errors';
import { testLogger } from '../../support/test-logger';
import { tempDir } from '../ingest/helpers';
import { auditRows, call, T0 } from '../policy/helpers';

const SECRET = 'a-shared-secret-of-some-length';

interface Received { headers: IncomingMessage['headers']; body: string; committed: boolean }

let servers: Server[] = [];
let engine: Engine | undefined;
afterEach(async () => {
  engine?.close();
  engine = undefined;
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A receiver answering with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[], dbFile?: string): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // What another process sees while the request is in flight: the change must be committed already.
      let committed = false;
      if (dbFile) {
        const peek = new Database(dbFile, { readonly: true });
        const id = (JSON.parse(body) as { policy_id: string }).policy_id;
        committed = peek.prepare('SELECT COUNT(*) FROM policies WHERE id = ?').pluck().get(id) === 1;
        peek.close();
      }
      got.push({ headers: req.headers, body, committed });
      res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)];
      res.end('ok');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

function openEngine(): { engine: Engine; file: string; clock: ManualClock } {
  const dir = tempDir('tm-enforce-');
  const clock = new ManualClock(T0);
  const e = Engine.open({ dataDir: dir, log: testLogger, clock });
  e.db.transaction(() => {
    e.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'dev_workstation_sarah_k', device_type: 'workstation', ip_addresses: ['10.0.1.20'] }));
  })();
  e.enforcement.configure({ baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, timeoutMs: 5_000 }, { type: 'analyst', id: 'ana' });
  engine = e;
  return { engine: e, file: join(dir, 'threatmatic.db'), clock };
}

/**
 * Sends what is due, then moves the clock to the next retry (its timer starts the next round), until
 * `done` holds: each round waits only for the local receiver's answer, never for the backoff.
 */
async function deliverUntil(e: Engine, clock: ManualClock, done: () => boolean, what: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await e.enforcement.flush();
    if (done()) return;
    const due = (call(e, 'enforcement.deliveries', {}).deliveries as { status: string; next_attempt_at: string | null }[])
      .filter((d) => d.status === 'pending' && d.next_attempt_at).map((d) => Date.parse(d.next_attempt_at!));
    if (due.length === 0) break;
    clock.advance(Math.max(0, Math.min(...due) - clock.now()) + 5);
  }
  throw new Error(`${what} did not happen`);
}

const deliveries = (e: Engine) => call(e, 'enforcement.deliveries', {}).deliveries as { status: string; attempts: number; last_status_code: number | null; last_error: string | null; action: string; delivered_at: string | null }[];

describe('enforcement webhooks', () => {
  it('sends each decision change after commit, signed over timestamp and raw body', async () => {
    const { engine: e, file, clock } = openEngine();
    const hook = await receiver([200], file);
    const ep = call(e, 'enforcement.addEndpoint', { url: hook.url, secret: SECRET });
    expect(ep).toMatchObject({ url: hook.url, enabled: true, secret_hint: `…${SECRET.slice(-4)}` });
    expect(JSON.stringify(auditRows(e, 'enforcement.addEndpoint'))).not.toContain(SECRET);
    const r = call(e, 'policy.isolateDevice', { device_id: 'dev_workstation_sarah_k', reason: 'lateral movement' });
    // Queued in the change's own transaction, not yet sent.
    expect(deliveries(e)).toMatchObject([{ status: 'pending', attempts: 0, action: 'isolate_device' }]);
    await deliverUntil(e, clock, () => deliveries(e)[0].status === 'delivered', 'delivery');
    expect(hook.got).toHaveLength(1);
    const [req] = hook.got;
    expect(req.committed).toBe(true);
    const payload = JSON.parse(req.body);
    expect(payload).toMatchObject({ type: 'policy.decision', action: 'isolate_device', policy_id: r.policy_id, version: 1, reason: 'lateral movement', notify: true,
      target: { device_id: 'dev_workstation_sarah_k', ip_addresses: ['10.0.1.20'] }, policy: { policy_id: r.policy_id, kind: 'isolation', enabled: true } });
    expect(payload.change_id).toMatch(/^chg_/);
    expect(req.headers['x-threatmatic-event']).toBe('isolate_device');
    expect(req.headers['x-threatmatic-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const sig = { signature: req.headers['x-threatmatic-signature'] as string, timestamp: req.headers['x-threatmatic-timestamp'] as string };
    const nowS = Math.floor(clock.now() / 1000);
    expect(verifySignature(SECRET, sig, req.body, nowS)).toBe(true);
    expect(verifySignature(SECRET, sig, req.body.replace('lateral', 'lateraL'), nowS)).toBe(false);
    expect(verifySignature('another-secret-entirely', sig, req.body, nowS)).toBe(false);
    expect(verifySignature(SECRET, sig, req.body, nowS + 3600)).toBe(false); // a replay an hour later
    expect(deliveries(e)[0]).toMatchObject({ attempts: 1, last_status_code: 200, last_error: null });
    expect(auditRows(e, 'enforcement.deliver').map((a) => a.outcome)).toEqual(['ok']);
  });

  it('retries after a 500 with backoff and delivers', async () => {
    const { engine: e, clock } = openEngine();
    const hook = await receiver([500, 200]);
    call(e, 'enforcement.addEndpoint', { url: hook.url, secret: SECRET });
    call(e, 'policy.blockDestination', { destination: '185.234.0.0/16' });
    await e.enforcement.flush();
    // The first attempt failed; the retry is due after the base delay (20 ms here), and not before.
    expect(deliveries(e)[0]).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 500 });
    clock.advance(19);
    await e.enforcement.flush();
    expect(hook.got).toHaveLength(1);
    await deliverUntil(e, clock, () => deliveries(e)[0].status === 'delivered', 'delivery after a retry');
    expect(hook.got).toHaveLength(2);
    expect(hook.got[0].body).toBe(hook.got[1].body);
    expect(hook.got[0].headers['x-threatmatic-delivery']).toBe(hook.got[1].headers['x-threatmatic-delivery']);
    expect(deliveries(e)[0]).toMatchObject({ attempts: 2, last_status_code: 200, last_error: null });
    expect(auditRows(e, 'enforcement.deliver').map((a) => [a.outcome, JSON.parse(a.detail!).status])).toEqual([['error', 'pending'], ['ok', 'delivered']]);
  });

  it('gives up after the configured attempts; a 4xx fails at once; a dead endpoint is retried too', async () => {
    const { engine: e, clock } = openEngine();
    const down = await receiver([500]);
    const refuses = await receiver([403]);
    call(e, 'enforcement.addEndpoint', { url: down.url, secret: SECRET });
    call(e, 'enforcement.addEndpoint', { url: refuses.url, secret: SECRET });
    call(e, 'enforcement.addEndpoint', { url: 'http://127.0.0.1:9/nothing-listens', secret: SECRET });
    call(e, 'policy.blockDestination', { destination: '203.0.113.9' });
    await deliverUntil(e, clock, () => deliveries(e).every((d) => d.status === 'failed'), 'every delivery to give up');
    const byUrl = Object.fromEntries((call(e, 'enforcement.deliveries', {}).deliveries as { url: string }[]).map((d) => [d.url, d]));
    expect(byUrl[down.url]).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 500, last_error: 'HTTP 500', next_attempt_at: null });
    expect(byUrl[refuses.url]).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 403 });
    expect(byUrl['http://127.0.0.1:9/nothing-listens']).toMatchObject({ status: 'failed', attempts: 3, last_status_code: null });
    expect(down.got).toHaveLength(3);
    expect(refuses.got).toHaveLength(1);
    expect(call(e, 'enforcement.deliveries', { status: 'failed' }).total).toBe(3);
  });

  it('keeps one endpoint\'s changes in order: a release never overtakes its isolation', async () => {
    const { engine: e, clock } = openEngine();
    const hook = await receiver([500, 200]);
    call(e, 'enforcement.addEndpoint', { url: hook.url, secret: SECRET });
    call(e, 'policy.isolateDevice', { device_id: 'dev_workstation_sarah_k' });
    call(e, 'policy.releaseDevice', { device_id: 'dev_workstation_sarah_k' });
    await deliverUntil(e, clock, () => deliveries(e).every((d) => d.status === 'delivered'), 'both deliveries');
    expect(hook.got.map((g) => JSON.parse(g.body).action)).toEqual(['isolate_device', 'isolate_device', 'release_device']);
  });

  it('validates endpoints, masks secrets, and removing one cancels what it had not received', () => {
    const { engine: e } = openEngine();
    const bad = (input: unknown) => { try { call(e, 'enforcement.addEndpoint', input); return null; } catch (err) { return (err as UserError).message; } };
    expect(bad({ url: 'ftp://fw.example/x', secret: SECRET })).toMatch(/^url: 'ftp:\/\/fw.example\/x' must be http:\/\/ or https:\/\//);
    expect(bad({ url: 'not a url', secret: SECRET })).toMatch(/^url: 'not a url' is not a URL/);
    expect(bad({ url: 'https://fw.example/x', secret: 'short' })).toMatch(/^secret: /);
    expect(bad({ url: 'https://user:pw@fw.example/x', secret: SECRET })).toMatch(/must not carry credentials/);
    const ep = call(e, 'enforcement.addEndpoint', { url: 'http://127.0.0.1:9/x', secret: SECRET });
    expect(bad({ url: 'http://127.0.0.1:9/x', secret: SECRET })).toMatch(/already endpoint/);
    expect(JSON.stringify(call(e, 'enforcement.endpoints', {}))).not.toContain(SECRET);
    e.enforcement.close(); // keep the row pending: nothing sends
    call(e, 'policy.blockDestination', { destination: '198.51.100.0/24' });
    expect(call(e, 'enforcement.removeEndpoint', { endpoint_id: ep.endpoint_id })).toMatchObject({ cancelled_deliveries: 1 });
    expect(deliveries(e)[0]).toMatchObject({ status: 'failed', last_error: 'endpoint removed' });
    expect(() => call(e, 'enforcement.removeEndpoint', { endpoint_id: ep.endpoint_id })).toThrow(/unknown endpoint/);
    expect(() => e.enforcement.configure({ maxAttempts: 0 }, { type: 'analyst', id: 'ana' })).toThrow(/^maxAttempts: must be a whole number from 1 to 100/);
  });
});
