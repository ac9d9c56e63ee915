// anomalies.setStatus 'open': the console's undo of a triage, through dispatch as every door calls it. A
// dismissed anomaly comes back open and listed, the change is audited, and a reopen that would duplicate
// a newer open anomaly of the same subject is refused as a conflict.
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src-main/engine/anomalies/types';
import { call, openFleet, T0 } from '../policy/helpers';

const { engine } = openFleet();
afterAll(() => engine.close());
const finding = (over: Partial<Finding> = {}): Finding => ({
  entity_type: 'device', entity_id: 'dev_workstation_sarah_k', type: 'lateral_movement_attempt', severity: 'high', confidence: 0.8, detected_at: T0,
  description: 'Device attempting connections to 11 internal hosts not in its baseline', recommended_action: 'isolate',
  observed_destinations: ['10.0.0.1'], evidence: { hosts: 11, event_ids: [1, 2] }, ...over,
});

describe('reopening an anomaly (undo of a triage)', () => {
  it('brings a false positive back open, audited, and refuses a reopen that would duplicate a newer open anomaly', () => {
    const { anomaly } = engine.anomalies.report(finding());
    call(engine, 'anomalies.setStatus', { anomaly_id: anomaly.id, status: 'false_positive', reason: 'bulk: pentest' });
    expect(call(engine, 'anomalies.search', { status: 'open' }).total).toBe(0);
    expect(call(engine, 'anomalies.setStatus', { anomaly_id: anomaly.id, status: 'open' })).toMatchObject({ id: anomaly.id, status: 'open' });
    expect(call(engine, 'anomalies.search', { status: 'open' }).anomalies.map((a: { id: string }) => a.id)).toEqual([anomaly.id]);
    const audited = call(engine, 'audit.list', { action: 'anomaly.set_status', limit: 10 }).entries.map((e: { params: { status: string } }) => e.params.status);
    expect(audited).toEqual(expect.arrayContaining(['false_positive', 'open']));

    call(engine, 'anomalies.setStatus', { anomaly_id: anomaly.id, status: 'resolved', reason: 'fixed' });
    engine.anomalies.report(finding());
    expect(() => call(engine, 'anomalies.setStatus', { anomaly_id: anomaly.id, status: 'open' })).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => call(engine, 'anomalies.setStatus', { anomaly_id: anomaly.id, status: 'false_positive' })).toThrow(expect.objectContaining({ field: 'reason' }));
  });
});
