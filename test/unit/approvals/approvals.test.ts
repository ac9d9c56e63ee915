// Human approval: destructive calls from a --require-approval key are held (nothing runs), listed,
// approved (run as the requesting agent, analyst recorded as approver), rejected, or expire on the
// injected clock; every step audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { operations } from '@shared/contract/index';
import type { Actor } from '@shared/domain/actor';
import { verifyAuditChain } from '../../../src-main/engine/audit/verify';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch, dispatchOrHold } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import type { ApiKey } from '../../../src-main/engine/keys/key-store';
import { testLogger } from '../../support/test-logger';
import { thrown } from '../../fixtures/thrown';
import { addDevices } from '../incidents/fixtures';

const T0 = Date.UTC(2026, 4, 21, 9, 0, 0);
const analyst: Actor = { type: 'analyst', id: 'alice' };
let clock: ManualClock;
let engine: Engine;
let key: ApiKey;
let agent: Actor;

beforeEach(() => {
  clock = new ManualClock(T0);
  engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
  key = engine.keys.create({ name: 'soc-agent', scopes: 'admin', require_approval: true, approval_ttl_seconds: 600 }, analyst).record;
  agent = { type: 'mcp_agent', id: key.key_id, name: 'claude-code' };
});
afterEach(() => engine.close());

function reportAnomaly(): string {
  return engine.anomalies.report({
    entity_type: 'device', entity_id: 'ws-eng-114', type: 'lateral_movement_attempt', severity: 'critical', confidence: 0.97, detected_at: T0 - 60_000,
    description: 'Device attempting connections to 14 internal hosts not in its baseline', recommended_action: 'isolate', observed_destinations: ['10.0.0.5'], evidence: {},
  }).anomaly.id;
}

/** Approves as the analyst, the held call running through dispatch as the approve operation runs it. */
const approve = (id: string, reason?: string) => engine.approvals.approve(id, analyst, reason, (op, params, as) => dispatch(engine, op, params, as));

const audit = () => engine.db.prepare('SELECT actor_type, actor_id, actor_name, action, outcome, detail FROM audit_log ORDER BY seq').all() as { actor_type: string; actor_id: string; actor_name: string | null; action: string; outcome: string; detail: string | null }[];

describe('approvals', () => {
  it('holds every call that changes access for a key that needs approval, after scope and input checks, running nothing', () => {
    const declared = Object.values(operations).filter((op) => 'changesAccess' in op && op.changesAccess).map((op) => op.name);
    expect(declared).toContain('approvals.approve');
    const hold = (name: string, input: unknown) => engine.approvals.hold(name as never, input, agent, key);
    const ctx = { actor: agent, scopes: key.scopes, auditCalls: true };
    const held = dispatchOrHold(engine, 'approvals.approve', { approval_id: 'apr_x', reason: 'go' }, ctx, hold);
    expect(held).toEqual({ held: { status: 'pending_approval', approval_id: expect.stringMatching(/^apr_/), expires_at: new Date(T0 + 600_000).toISOString() } });
    // Reads are not held; bad input is refused before anything is held.
    expect(dispatchOrHold(engine, 'approvals.list', {}, ctx, hold)).toHaveProperty('result.total', 1);
    expect(thrown(() => dispatchOrHold(engine, 'approvals.approve', { approval_id: 7 }, ctx, hold)).field).toBe('approval_id');
    expect(engine.approvals.list().total).toBe(1);
    const last = audit().filter((r) => r.actor_type === 'mcp_agent');
    expect(last.map((r) => [r.action, r.outcome])).toEqual([['approvals.approve', 'pending'], ['approvals.list', 'ok'], ['approvals.approve', 'error']]);
  });

  it('holds close_incident only when its input releases devices, and approving it releases them as the agent', () => {
    addDevices(engine, { 'ws-eng-114': '10.10.2.114', 'lt-sales-07': '10.10.3.7' });
    const incidentId = engine.anomalies.get(reportAnomaly())!.incident_id!;
    dispatch(engine, 'policy.isolateDevice', { device_id: 'ws-eng-114', reason: 'lateral movement' }, { actor: analyst });
    const hold = (name: string, input: unknown) => engine.approvals.hold(name as never, input, agent, key);
    const ctx = { actor: agent, scopes: key.scopes, auditCalls: true };
    const decision = () => dispatch(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: 'ws-eng-114', destination: 'example.com' }, { actor: analyst }).decision;

    const held = dispatchOrHold(engine, 'incidents.close', { incident_id: incidentId, resolution: 'reimaged', release_quarantined_devices: true }, ctx, hold);
    expect(held).toHaveProperty('held.status', 'pending_approval');
    expect(dispatch(engine, 'incidents.get', { incident_id: incidentId }, { actor: analyst }).status).not.toBe('closed');
    expect(decision()).toBe('isolate');
    const { approval_id } = (held as { held: { approval_id: string } }).held;
    expect(approve(approval_id, 'reimaged and verified')).toMatchObject({ status: 'approved', result: { status: 'closed' } });
    expect(decision()).toBe('allow');
    const released = engine.db.prepare("SELECT actor_type, actor_id FROM audit_log WHERE action = 'incident.close' ORDER BY seq DESC LIMIT 1").get() as { actor_type: string; actor_id: string };
    expect(released).toEqual({ actor_type: 'mcp_agent', actor_id: key.key_id });

    // A close that releases nothing changes no containment: it runs at once, whatever the key.
    const other = engine.anomalies.get(engine.anomalies.report({
      entity_type: 'device', entity_id: 'lt-sales-07', type: 'c2_beaconing', severity: 'high', confidence: 0.9, detected_at: T0 - 30_000,
      description: 'Periodic connections to one external host', recommended_action: 'investigate', observed_destinations: ['203.0.113.9'], evidence: {},
    }).anomaly.id)!.incident_id!;
    expect(other).not.toBe(incidentId);
    expect(dispatchOrHold(engine, 'incidents.close', { incident_id: other, resolution: 'benign updater' }, ctx, hold)).toHaveProperty('result.status', 'closed');
    expect(engine.approvals.list({ status: 'all' }).total).toBe(1);
  });

  it('approves: the held call runs as the agent, the analyst is recorded as approver, in one audit-chained step', () => {
    const anomalyId = reportAnomaly();
    const pending = engine.approvals.hold('anomalies.setStatus', { anomaly_id: anomalyId, status: 'acknowledged', reason: 'isolating' }, agent, key);
    expect(engine.anomalies.get(anomalyId)?.status).toBe('open');
    const listed = dispatch(engine, 'approvals.list', {}, { actor: analyst });
    expect(listed.approvals.map((a) => [a.approval_id, a.status, a.operation, a.requester])).toEqual([[pending.approval_id, 'pending', 'anomalies.setStatus', agent]]);

    clock.advance(120_000);
    const done = dispatch(engine, 'approvals.approve', { approval_id: pending.approval_id, reason: 'confirmed by phone' }, { actor: analyst });
    expect(done).toMatchObject({ status: 'approved', decided_by: analyst, reason: 'confirmed by phone', decided_at: new Date(T0 + 120_000).toISOString(), error: null });
    expect(done.result).toMatchObject({ id: anomalyId, status: 'acknowledged' });
    expect(engine.anomalies.get(anomalyId)?.status).toBe('acknowledged');
    const rows = audit();
    const ran = rows.find((r) => r.action === 'anomaly.set_status')!;
    expect([ran.actor_type, ran.actor_id, ran.actor_name]).toEqual(['mcp_agent', key.key_id, 'claude-code']);
    const approved = rows[rows.length - 1];
    expect([approved.actor_type, approved.actor_id, approved.action, approved.outcome]).toEqual(['analyst', 'alice', 'approvals.approve', 'ok']);
    expect(JSON.parse(approved.detail!)).toEqual({ operation: 'anomalies.setStatus', requester: agent });
    expect(thrown(() => approve(pending.approval_id)).message).toBe(`approval '${pending.approval_id}' was already approved`);
    expect(verifyAuditChain(engine.audit.store).ok).toBe(true);
  });

  it('records an approved call that then refuses to run as failed, with the reason, changing nothing else', () => {
    const pending = engine.approvals.hold('incidents.close', { incident_id: 'inc_gone', resolution: 'x' }, agent, key);
    const done = approve(pending.approval_id);
    expect(done.status).toBe('failed');
    expect(done.error).toContain("'inc_gone'");
    const last = audit().at(-1)!;
    expect([last.action, last.outcome]).toEqual(['approvals.approve', 'error']);
  });

  it('rejects without running, expires on the clock, and refuses decisions on expired, decided, unknown or revoked-key requests', () => {
    const anomalyId = reportAnomaly();
    const a = engine.approvals.hold('anomalies.setStatus', { anomaly_id: anomalyId, status: 'false_positive', reason: 'x' }, agent, key);
    const rejected = dispatch(engine, 'approvals.reject', { approval_id: a.approval_id, reason: "'; DROP TABLE approvals; --" }, { actor: analyst });
    expect(rejected).toMatchObject({ status: 'rejected', reason: "'; DROP TABLE approvals; --", result: null });
    expect(engine.anomalies.get(anomalyId)?.status).toBe('open');
    expect(thrown(() => engine.approvals.reject(a.approval_id, analyst)).code).toBe('conflict');

    const b = engine.approvals.hold('anomalies.setStatus', { anomaly_id: anomalyId, status: 'acknowledged' }, agent, key);
    clock.advance(599_999);
    expect(engine.approvals.get(b.approval_id).status).toBe('pending');
    clock.advance(1);
    expect(engine.approvals.get(b.approval_id).status).toBe('expired');
    expect(engine.approvals.list().total).toBe(0);
    expect(engine.approvals.list({ status: 'expired' }).approvals.map((x) => x.approval_id)).toEqual([b.approval_id]);
    expect(thrown(() => approve(b.approval_id)).message).toBe(`approval '${b.approval_id}' expired at ${new Date(T0 + 600_000).toISOString()}`);
    expect(engine.anomalies.get(anomalyId)?.status).toBe('open');

    const c = engine.approvals.hold('anomalies.setStatus', { anomaly_id: anomalyId, status: 'acknowledged' }, agent, key);
    engine.keys.revoke(key.key_id, analyst);
    expect(thrown(() => approve(c.approval_id)).message).toMatch(/requesting key .* was revoked/);
    expect(engine.approvals.get(c.approval_id).status).toBe('pending');
    expect(thrown(() => dispatch(engine, 'approvals.approve', { approval_id: 'apr_missing' }, { actor: analyst }))).toMatchObject({ code: 'not_found', message: "unknown approval 'apr_missing'" });
    expect(engine.approvals.list({ status: 'all' }).total).toBe(3);
  });
});
