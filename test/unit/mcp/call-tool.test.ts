// One tools/call without a transport: a failure that is not the caller's fault answers a generic tool
// error (no internals), goes to the log with its details, and is audited as an error; results are
// shaped by the output schema.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callTool } from '../../../src-main/doors/mcp/call-tool';
import type { Extra } from '../../../src-main/doors/mcp/subscribe-events';
import { Engine } from '../../../src-main/engine/engine';
import { handlers } from '../../../src-main/engine/handlers';
import type { Logger } from '../../../src-main/engine/log';

const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
const capture: Logger = { debug() {}, info() {}, warn() {}, error: (msg, fields) => void logged.push({ msg, fields }) };
const extra = { signal: new AbortController().signal, requestId: 1, sendNotification: async () => undefined, sendRequest: async () => ({}) } as unknown as Extra;
let engine: Engine;
let keyId: string;

beforeEach(() => {
  logged.length = 0;
  engine = Engine.open({ dbPath: ':memory:', log: capture });
  keyId = engine.keys.create({ name: 'unit', scopes: 'read' }, { type: 'cli', id: 't' }).record.key_id;
});
afterEach(() => engine.close());

const caller = () => ({ keyId, clientName: () => 'unit-agent' });

describe('callTool', () => {
  it('answers an unexpected failure with a generic tool error, logs the details, audits it', async () => {
    const original = handlers['posture.fleet'];
    (handlers as Record<string, unknown>)['posture.fleet'] = () => {
      throw new Error('SQLITE_CORRUPT in /home/secret/engine.ts:42');
    };
    try {
      const r = await callTool(engine, caller(), 'get_fleet_posture', {}, extra);
      expect(r).toEqual({ isError: true, content: [{ type: 'text', text: 'internal: posture.fleet failed unexpectedly; the Threatmatic log has the details' }] });
    } finally {
      (handlers as Record<string, unknown>)['posture.fleet'] = original;
    }
    expect(logged).toHaveLength(1);
    expect(logged[0].msg).toBe('mcp tool call failed');
    expect(String(logged[0].fields?.error)).toContain('SQLITE_CORRUPT');
    const row = engine.db.prepare("SELECT actor_name, outcome, detail FROM audit_log WHERE actor_id = ? AND action = 'posture.fleet'").get(keyId) as { actor_name: string; outcome: string; detail: string };
    expect(row.actor_name).toBe('unit-agent');
    expect(row.outcome).toBe('error');
    expect(JSON.parse(row.detail)).toEqual({ code: 'internal', message: 'SQLITE_CORRUPT in /home/secret/engine.ts:42' });
  });

  it('drops fields the output schema does not declare, and returns the same JSON as text', async () => {
    const original = handlers['intel.lookup'];
    (handlers as Record<string, unknown>)['intel.lookup'] = (...args: Parameters<typeof original>) => ({ ...original(...args), internal_row_id: 7 });
    try {
      const r = await callTool(engine, caller(), 'get_threat_context', { indicator: '203.0.113.9' }, extra);
      expect(r.isError).toBeUndefined();
      expect(r.structuredContent).toMatchObject({ indicator: '203.0.113.9', type: 'ip', reputation: 'unknown' });
      expect(r.structuredContent).not.toHaveProperty('internal_row_id');
      expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(r.structuredContent);
    } finally {
      (handlers as Record<string, unknown>)['intel.lookup'] = original;
    }
  });
});
