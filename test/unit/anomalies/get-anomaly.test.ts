// anomalies.get (REST GET /api/v1/anomalies/{id}, MCP get_anomaly), through dispatch as every door calls
// it: one anomaly by id whatever its status, and an unknown id is not_found.
import { afterAll, describe, expect, it } from 'vitest';
import { call, openFleet, T0 } from '../policy/helpers';

const { engine } = openFleet();
afterAll(() => engine.close());

describe('getting one anomaly by id', () => {
  it('answers any status with the evidence and triage, and not_found for an unknown id', () => {
    const { anomaly } = engine.anomalies.report({
      entity_type: 'device', entity_id: 'dev_workstation_sarah_k', type: 'possible_exfiltration', severity: 'critical', confidence: 0.9, detected_at: T0,
      description: 'Large upload to a destination never seen before', recommended_action: 'isolate', observed_destinations: ['203.0.113.9'], evidence: { bytes_out: 9_000_000, event_ids: [4, 5] },
    });
    expect(call(engine, 'anomalies.get', { anomaly_id: anomaly.id })).toMatchObject({ id: anomaly.id, status: 'open', severity: 'critical', evidence: { bytes_out: 9_000_000, event_ids: [4, 5] }, observed_destinations: ['203.0.113.9'] });
    call(engine, 'anomalies.setStatus', { anomaly_id: anomaly.id, status: 'false_positive', reason: 'backup to the new vault' });
    expect(call(engine, 'anomalies.get', { anomaly_id: anomaly.id })).toMatchObject({ status: 'false_positive', status_reason: 'backup to the new vault' });
    expect(() => call(engine, 'anomalies.get', { anomaly_id: 'ano_nope' })).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
