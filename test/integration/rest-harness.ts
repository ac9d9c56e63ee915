// A real engine behind the real console server with the /api/v1 door mounted, on 127.0.0.1:0, and a
// small raw HTTP client (so tests can set Host, Origin and any header the way a browser or curl would).
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsoleServer, type ConsoleServer } from '../../src-main/doors/http/create-http-server';
import { mountRestDoor, type RestDoor, type RestDoorOptions } from '../../src-main/doors/http/rest/rest-door';
import type { Clock, Scheduler } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { seedFixtureInventory } from './http-fixtures';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; text: string; json?: any }

export interface RestHarness {
  engine: Engine;
  server: ConsoleServer;
  door: RestDoor;
  port: number;
  key(scopes: string, opts?: { require_approval?: boolean; name?: string }): string;
  send(method: string, path: string, opts?: { headers?: Record<string, string>; body?: unknown; key?: string }): Promise<Reply>;
  /** Opens a raw request and hands back the response as it starts (for streams). */
  open(path: string, headers?: Record<string, string>): Promise<IncomingMessage>;
  close(): Promise<void>;
}

export async function startRestHarness(opts: { clock?: Clock & Scheduler; door?: Partial<RestDoorOptions> } = {}): Promise<RestHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'threatmatic-rest-'));
  const engine = Engine.open({ dataDir: join(dir, 'data'), log: testLogger, ...(opts.clock ? { clock: opts.clock, scheduler: opts.clock } : {}) });
  seedFixtureInventory(engine);
  const server = createConsoleServer({ engine, token: 'console-token-0123456789abcdef', port: 0, rendererDir: null, bodyLimit: 64 * 1024 });
  const door = mountRestDoor(server, { engine, bodyLimit: 64 * 1024, ...(opts.clock ? { scheduler: opts.clock } : {}), ...opts.door });
  const { port } = await server.listen();
  const host = `127.0.0.1:${port}`;

  const open = (path: string, headers: Record<string, string> = {}) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'GET', path, headers: { Host: host, ...headers } }, resolve);
      req.on('error', reject);
      req.end();
    });

  const send: RestHarness['send'] = (method, path, o = {}) =>
    new Promise((resolve, reject) => {
      const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      const headers: Record<string, string> = { Host: host, ...(o.key ? { 'X-Org-Key': o.key } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...o.headers };
      const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
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
      if (body !== undefined) req.write(body);
      req.end();
    });

  return {
    engine, server, door, port, send, open,
    key: (scopes, k = {}) => engine.keys.create({ name: k.name ?? `test-${scopes}`, scopes, require_approval: k.require_approval }, { type: 'cli', id: 'test' }).key,
    close: async () => {
      door.close();
      await server.close();
      engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The audit entries of an action, oldest first. */
export function auditOf(engine: Engine, action: string): { actor_type: string; actor_id: string; outcome: string; params: any; detail: any }[] {
  return (engine.db.prepare('SELECT actor_type, actor_id, outcome, params, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor_type: string; actor_id: string; outcome: string; params: string; detail: string | null }[])
    .map((r) => ({ ...r, params: JSON.parse(r.params), detail: r.detail ? JSON.parse(r.detail) : null }));
}
