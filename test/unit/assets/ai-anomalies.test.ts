// AI anomalies: a finding about an agent or MCP server is stored once per subject and type (a repeat
// updates and may escalate it), announced on the event log, listed by filter, and triaged with an audit entry.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import type { UserError } from '../../../src-main/engine/errors';
import { testLogger } from '../../support/test-logger';

const T0 = Date.parse('2026-11-30T09:00:00Z');
const READER = { actor: { type: 'mcp_agent' as const, id: 'key_ro' }, scopes: ['read' as const] };
const ANALYST = { actor: { type: 'analyst' as const, id: 'local' } };
let engine: Engine;
afterEach(() => engine?.close());

const finding = (over: Record<string, unknown> = {}) => ({
  subject_kind: 'mcp_server' as const, subject_id: 'mcp_01', subject_name: 'weather', type: 'mcp_tool_poisoning' as const,
  severity: 'high' as const, confidence: 0.9, description: 'Tool add hides instructions for the model', recommended_action: 'Remove the server until its publisher fixes the tool',
  evidence: { tool: 'add', rule: 'hidden-important-block' }, ...over,
});

describe('AI anomalies', () => {
  it('stores one open finding per subject and type, escalating on a stronger repeat, and announces it', () => {
    const clock = new ManualClock(T0);
    engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
    const cursor = engine.events.head();
    const first = engine.aiAnomalies.report(finding());
    expect(first.created).toBe(true);
    expect(first.anomaly.id).toMatch(/^aia_/);
    clock.advance(60_000);
    const again = engine.aiAnomalies.report(finding({ severity: 'critical', description: 'Tool add now also shadows send_email' }));
    expect(again).toMatchObject({ created: false, anomaly: { id: first.anomaly.id, severity: 'critical', occurrences: 2, description: 'Tool add now also shadows send_email' } });
    expect(engine.events.read(cursor).events.map((e) => [e.event_type, e.entity_id, e.data.change, e.severity])).toEqual([
      ['ai_anomaly', 'mcp_01', 'created', 'high'], ['ai_anomaly', 'mcp_01', 'escalated', 'critical'],
    ]);
    engine.aiAnomalies.report(finding({ subject_id: 'agt_01', subject_kind: 'agent', type: 'lethal_trifecta', severity: 'critical' }));
    const listed = dispatch(engine, 'ai.listAnomalies', { subject_kind: 'agent' }, READER);
    expect(listed.anomalies.map((a) => [a.subject_id, a.type])).toEqual([['agt_01', 'lethal_trifecta']]);
    expect(dispatch(engine, 'ai.listAnomalies', {}, READER).total).toBe(2);
  });

  it('triages with a reason, audited; resolving needs the reason; a new finding after resolution opens a new anomaly', () => {
    engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(T0), log: testLogger });
    const { anomaly } = engine.aiAnomalies.report(finding());
    const refused = (() => { try { dispatch(engine, 'ai.setAnomalyStatus', { anomaly_id: anomaly.id, status: 'resolved' }, ANALYST); return null; } catch (e) { return e as UserError; } })();
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'reason' });
    const done = dispatch(engine, 'ai.setAnomalyStatus', { anomaly_id: anomaly.id, status: 'resolved', reason: 'server removed' }, ANALYST);
    expect(done).toMatchObject({ status: 'resolved', status_reason: 'server removed' });
    // The refusal and the change, each on the record.
    const audit = engine.db.prepare("SELECT outcome, actor_type FROM audit_log WHERE action = 'ai.setAnomalyStatus' ORDER BY seq").all();
    expect(audit).toEqual([{ outcome: 'error', actor_type: 'analyst' }, { outcome: 'ok', actor_type: 'analyst' }]);
    expect(dispatch(engine, 'ai.listAnomalies', {}, READER).total).toBe(0);
    expect(engine.aiAnomalies.report(finding()).created).toBe(true);
  });
});
