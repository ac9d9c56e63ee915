// The anomaly store: dedupe and escalation, event-log entries, listing, audited status changes, incident links.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src-main/engine/anomalies/types';
import { T0, harness } from '../detect/harness';

const finding = (over: Partial<Finding> = {}): Finding => ({
  entity_type: 'device', entity_id: 'dev_workstation_sarah_k', type: 'lateral_movement_attempt', severity: 'high', confidence: 0.8, detected_at: T0,
  description: 'Device attempting connections to 11 internal hosts not in its baseline', recommended_action: 'isolate',
  observed_destinations: ['10.0.0.1', '10.0.0.2'], evidence: { hosts: 11, event_ids: [1, 2] }, ...over,
});

describe('anomaly store', () => {
  it('creates an ano_ ULID anomaly and logs it; a repeat updates it and logs only an escalation', () => {
    const { anomalies, events } = harness();
    const first = anomalies.report(finding());
    expect(first.created).toBe(true);
    expect(first.anomaly.id).toMatch(/^ano_[0-9A-HJKMNP-TV-Z]{26}$/);
    const again = anomalies.report(finding({ detected_at: T0 + 5000, confidence: 0.7, observed_destinations: ['10.0.0.2', '10.0.0.3'], evidence: { hosts: 12, event_ids: [3] } }));
    expect(again.created).toBe(false);
    expect(again.anomaly).toMatchObject({ id: first.anomaly.id, occurrences: 2, confidence: 0.8, severity: 'high', last_seen_at: new Date(T0 + 5000).toISOString(), detected_at: new Date(T0).toISOString() });
    expect(again.anomaly.observed_destinations).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    expect(again.anomaly.evidence).toEqual({ hosts: 12, event_ids: [1, 2, 3] });
    const up = anomalies.report(finding({ severity: 'critical', confidence: 0.97, description: 'Device attempting connections to 14 internal hosts not in its baseline' }));
    expect(up.anomaly).toMatchObject({ severity: 'critical', confidence: 0.97, description: 'Device attempting connections to 14 internal hosts not in its baseline' });
    // A weaker repeat keeps the stronger description.
    anomalies.report(finding({ severity: 'medium', description: 'weaker' }));
    expect(anomalies.get(first.anomaly.id)!.description).toBe('Device attempting connections to 14 internal hosts not in its baseline');
    const logged = events.read(0).events;
    expect(logged.map((e) => [e.event_type, e.severity, e.data.change])).toEqual([['anomaly', 'high', 'created'], ['anomaly', 'critical', 'escalated']]);
    expect(logged[0].data).toEqual({
      anomaly_id: first.anomaly.id, entity_type: 'device', entity_id: 'dev_workstation_sarah_k', device_id: 'dev_workstation_sarah_k', anomaly_type: 'lateral_movement_attempt',
      severity: 'high', confidence: 0.8, description: 'Device attempting connections to 11 internal hosts not in its baseline', recommended_action: 'isolate',
      observed_destinations: ['10.0.0.1', '10.0.0.2'], incident_id: null, status: 'open', change: 'created',
    });
  });

  it('lists open anomalies most severe first with filters, a total and paging', () => {
    const { anomalies } = harness();
    anomalies.report(finding());
    anomalies.report(finding({ entity_id: 'dev_b', severity: 'critical' }));
    anomalies.report(finding({ entity_type: 'user', entity_id: 'sarah.k@acmecorp.com', type: 'impossible_travel', severity: 'medium', recommended_action: 'suspend_user' }));
    const all = anomalies.list({ limit: 20 });
    expect(all.total).toBe(3);
    expect(all.anomalies.map((a) => a.severity)).toEqual(['critical', 'high', 'medium']);
    expect(anomalies.list({ severity: 'high' }).anomalies.map((a) => a.entity_id)).toEqual(['dev_workstation_sarah_k']);
    expect(anomalies.list({ entity_type: 'user' }).total).toBe(1);
    expect(anomalies.list({ limit: 1, offset: 1 })).toMatchObject({ total: 3, anomalies: [{ entity_id: 'dev_workstation_sarah_k' }] });
    expect(anomalies.openFor('device', 'dev_b').map((a) => a.severity)).toEqual(['critical']);
  });

  it('changes status with an audit entry and an event, and a new finding after resolution opens a new anomaly', () => {
    const { anomalies, events, db } = harness();
    const { anomaly } = anomalies.report(finding());
    const done = anomalies.setStatus(anomaly.id, 'false_positive', { actor: { type: 'analyst', id: 'maria' }, reason: 'pentest window' });
    expect(done).toMatchObject({ status: 'false_positive', status_reason: 'pentest window' });
    expect(anomalies.list().total).toBe(0);
    expect(anomalies.list({ status: 'false_positive' }).total).toBe(1);
    const audit = db.prepare(`SELECT actor_type, actor_id, action, params FROM audit_log WHERE action = 'anomaly.set_status'`).get() as Record<string, string>;
    expect(audit).toMatchObject({ actor_type: 'analyst', actor_id: 'maria' });
    expect(JSON.parse(audit.params)).toEqual({ anomaly_id: anomaly.id, status: 'false_positive', reason: 'pentest window' });
    expect(events.read(0).events.at(-1)!.data).toMatchObject({ anomaly_id: anomaly.id, status: 'false_positive', previous_status: 'open', change: 'status' });
    const fresh = anomalies.report(finding());
    expect(fresh.created).toBe(true);
    expect(() => anomalies.setStatus(anomaly.id, 'open', { actor: { type: 'analyst', id: 'maria' } })).toThrow(/cannot be reopened/);
    expect(() => anomalies.setStatus('ano_missing', 'resolved', { actor: { type: 'analyst', id: 'maria' } })).toThrow(/unknown anomaly 'ano_missing'/);
  });

  it('links anomalies to an incident', () => {
    const { anomalies } = harness();
    const a = anomalies.report(finding()).anomaly;
    const b = anomalies.report(finding({ entity_id: 'dev_b' })).anomaly;
    expect(anomalies.setIncident([a.id, b.id, 'ano_nope'], 'inc_01')).toBe(2);
    expect(anomalies.get(b.id)!.incident_id).toBe('inc_01');
  });
});
