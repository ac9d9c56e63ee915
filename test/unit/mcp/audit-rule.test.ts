// The call-audit rule of auditing doors (MCP): exactly one audit entry per call. Reads get an 'ok'
// entry from dispatch, writes keep their own entry (dispatch adds none), refusals are 'denied', bad
// input, unknown ids and failures are 'error' with the message; other doors add nothing.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '@shared/domain/actor';
import { auditRefusal, dispatch, type CallContext } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const agent: Actor = { type: 'mcp_agent', id: 'key_TEST', name: 'claude-code' };
const ctx: CallContext = { actor: agent, scopes: ['read', 'incident:manage'], auditCalls: true };
let engine: Engine;

beforeEach(() => {
  engine = Engine.open({ dbPath: ':memory:', log: testLogger });
});
afterEach(() => engine.close());

type Entry = { actor_type: string; actor_id: string; actor_name: string | null; action: string; params: unknown; outcome: string; detail: Record<string, unknown> | null };
function entriesAfter(seq: number): Entry[] {
  return (engine.db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq').all(seq) as Record<string, string | number | null>[]).map((r) => ({
    actor_type: r.actor_type as string, actor_id: r.actor_id as string, actor_name: r.actor_name as string | null, action: r.action as string,
    params: JSON.parse(r.params as string), outcome: r.outcome as string, detail: r.detail ? JSON.parse(r.detail as string) : null,
  }));
}
const head = () => engine.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_log').pluck().get() as number;

/** Runs a call the way the MCP door does and returns the audit entries it left. */
function call(name: string, input: unknown, c: CallContext = ctx): Entry[] {
  const before = head();
  try {
    dispatch(engine, name, input, c);
  } catch {
    // Refusals are expected here; what matters is what was recorded.
  }
  return entriesAfter(before).filter((e) => e.actor_type === 'mcp_agent');
}

describe('call audit rule', () => {
  it('records a read with the agent, the full parameters and outcome ok; other doors record no reads', () => {
    expect(call('inventory.listDevices', { search: 'cam', limit: 5 })).toEqual([
      { actor_type: 'mcp_agent', actor_id: 'key_TEST', actor_name: 'claude-code', action: 'inventory.listDevices', params: { search: 'cam', limit: 5 }, outcome: 'ok', detail: null },
    ]);
    const before = head();
    dispatch(engine, 'inventory.listDevices', {}, { actor: { type: 'analyst', id: 'console' } });
    expect(entriesAfter(before)).toEqual([]);
  });

  it('records a missing scope as denied, naming the scope, and runs nothing', () => {
    const [e, ...rest] = call('audit.list', { limit: 1 });
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ action: 'audit.list', outcome: 'denied', params: { limit: 1 }, detail: { code: 'forbidden', field: 'scope', message: "operation 'audit.list' needs scope 'admin'" } });
  });

  it('records bad input, unknown ids and unknown operations as errors with the message', () => {
    expect(call('posture.device', { device_id: 42 })).toMatchObject([{ outcome: 'error', detail: { code: 'invalid_input', field: 'device_id' } }]);
    expect(call('posture.device', { device_id: 'dev_nope' })).toMatchObject([{ outcome: 'error', detail: { code: 'not_found', message: "unknown device 'dev_nope'" } }]);
    expect(call('incidents.get', { incident_id: 'inc_nope' })).toMatchObject([{ outcome: 'error', detail: { code: 'not_found' } }]);
    expect(call('nothing.here', {})).toMatchObject([{ action: 'nothing.here', outcome: 'error', detail: { code: 'not_found', field: 'operation' } }]);
  });

  it('leaves a write with its own entry only: one entry per call', () => {
    const id = engine.anomalies.report({
      entity_type: 'device', entity_id: 'd1', type: 'new_external_destination', severity: 'low', confidence: 0.5, detected_at: 1_700_000_000_000,
      description: 'new destination', recommended_action: 'monitor', observed_destinations: [], evidence: {},
    }).anomaly.id;
    const entries = call('anomalies.setStatus', { anomaly_id: id, status: 'acknowledged' });
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([['anomaly.set_status', 'ok']]);
    // A write that fails inside its transaction leaves only the refusal.
    expect(call('anomalies.setStatus', { anomaly_id: 'ano_nope', status: 'acknowledged' }).map((e) => [e.action, e.outcome])).toEqual([['anomalies.setStatus', 'error']]);
  });

  it('keeps an oversized refused input as its head with the hash of the whole, and records unexpected failures with their message', () => {
    const [big] = call('posture.device', { device_id: 'x'.repeat(200_000) });
    const whole = JSON.stringify({ device_id: 'x'.repeat(200_000) });
    expect(big.params).toMatchObject({ truncated: true, reason: 'size', chars: 200_016, sha256: createHash('sha256').update(whole).digest('hex') });
    expect((big.params as { head: string }).head).toHaveLength(4096);
    auditRefusal(engine, agent, 'posture.device', {}, new Error('disk I/O error'));
    expect(entriesAfter(head() - 1)[0]).toMatchObject({ outcome: 'error', detail: { code: 'internal', message: 'disk I/O error' } });
  });
});
