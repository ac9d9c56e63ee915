// Where the HTTP MCP endpoint is mounted: `threatmatic serve` (the built CLI, spawned) prints its /mcp URL
// and answers MCP there with an API key while the console token stays for /api; the desktop app's
// standalone endpoint serves /mcp only (its /api token is random and never shown).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startStandaloneMcp } from '../../src-main/doors/mcp/standalone-http';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { seedFixtureInventory } from './http-fixtures';
import { builtCli, connectHttp, createKey } from './mcp-harness';

describe('MCP mounts', () => {
  it('threatmatic serve answers MCP at the /mcp URL it prints, with an API key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-mcp-serve-'));
    const engine = Engine.open({ dataDir: dir, log: testLogger });
    seedFixtureInventory(engine);
    const { key } = createKey(engine, { name: 'serve-agent', scopes: 'read' });
    engine.close();
    const child = spawn(process.execPath, [builtCli(), 'serve', '--port', '0', '--no-demo', '--json', '--data-dir', dir], { env: { PATH: process.env.PATH ?? '', THREATMATIC_CONSOLE_TOKEN: 'serve-console-token-0123456789' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
      const started = JSON.parse(first) as { mcp_url: string; port: number };
      expect(started.mcp_url).toBe(`http://127.0.0.1:${started.port}/mcp`);
      const client = await connectHttp(started.mcp_url, key, 'serve-agent');
      const r = await client.callTool({ name: 'get_device_posture', arguments: { device_id: 'srv-db-01' } });
      expect(r.structuredContent).toMatchObject({ device_id: 'srv-db-01', device_type: 'server' });
      // The console token opens /api, not /mcp; an API key opens /mcp, not /api.
      const wrongDoor = await fetch(started.mcp_url, { method: 'POST', headers: { Authorization: 'Bearer serve-console-token-0123456789', 'Content-Type': 'application/json' }, body: '{}' });
      expect(wrongDoor.status).toBe(401);
      const api = await fetch(`http://127.0.0.1:${started.port}/api/ops/system.stats`, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect(api.status).toBe(401);
      await client.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('the desktop app endpoint serves /mcp on 127.0.0.1 and keeps /api closed', async () => {
    const engine = Engine.open({ dbPath: ':memory:', log: testLogger });
    const mcp = await startStandaloneMcp(engine, { port: 0 });
    try {
      expect(mcp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
      const { key } = createKey(engine, { name: 'desktop-agent', scopes: 'read' });
      const client = await connectHttp(mcp.url, key, 'claude-desktop');
      expect((await client.callTool({ name: 'get_fleet_posture', arguments: {} })).isError).toBeFalsy();
      await client.close();
      const api = await fetch(mcp.url.replace('/mcp', '/api/ops/system.stats'), { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{}' });
      expect(api.status).toBe(401);
    } finally {
      await mcp.close();
      engine.close();
    }
  });
});
