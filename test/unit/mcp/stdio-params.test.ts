// The stdio door answers malformed params the same way as HTTP: JSON-RPC -32602 naming the field (the
// SDK alone answers -32603 with the validator's raw output), and keeps serving.
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { serveStdio } from '../../../src-main/doors/mcp/stdio-server';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const engine = Engine.open({ dbPath: ':memory:', log: testLogger });
afterAll(() => engine.close());

describe('MCP over stdio', () => {
  it('answers malformed params with -32602 naming the field', async () => {
    const { record } = engine.keys.create({ name: 'stdio', scopes: ['read'] }, { type: 'cli', id: 'test' });
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const lines: Record<string, unknown>[] = [];
    let pending = '';
    stdout.on('data', (c: Buffer) => {
      pending += c.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const l of parts) lines.push(JSON.parse(l) as Record<string, unknown>);
      stdout.emit('lines');
    });
    const served = serveStdio(engine, record.key_id, { stdin, stdout });
    const send = (m: unknown) => stdin.write(`${JSON.stringify(m)}\n`);
    // Event-driven: resolves on the line that answers `id` (vitest's own timeout bounds it).
    const answer = (id: number) => new Promise<Record<string, unknown>>((resolve) => {
      const look = () => {
        const line = lines.find((l) => l.id === id);
        if (!line) return;
        stdout.off('lines', look);
        resolve(line);
      };
      stdout.on('lines', look);
      look();
    });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await answer(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 42 } });
    expect(await answer(2)).toEqual({ jsonrpc: '2.0', id: 2, error: { code: -32602, message: expect.stringMatching(/^Invalid params for tools\/call: params\.name: .*expected string/) } });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_fleet_posture', arguments: {} } });
    expect(await answer(3)).toMatchObject({ id: 3, result: { structuredContent: expect.any(Object) } });
    stdin.end();
    await served;
  });
});
