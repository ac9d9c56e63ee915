// Detectors on a simulated fleet (60 devices, 9 days, every labelled attack) through the real ingest
// path: each attack is caught by its detector (recall 1), no attack detector fires anywhere else, and
// detections reach the event log with the anomaly's fields.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/engine/clock';
import { evaluateDetections } from '../../src-main/engine/detect/evaluate';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { runSimulation } from '../../src-main/engine/simulate/run-simulation';

const START = Date.UTC(2026, 4, 10);
const HOURS = 216;

describe('detectors on a simulated fleet', () => {
  it('catches every simulated attack with its detector, with no false alarm from the attack detectors', () => {
    const engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(START + HOURS * 3_600_000), log: testLogger });
    try {
      const sim = runSimulation(engine, { devices: 60, hours: HOURS, seed: 42, attacks: 'all', start: START }, { actor: { type: 'cli', id: 'detect-test' } });
      expect(sim.attacks).toHaveLength(5);
      const ev = evaluateDetections(engine, { start: START, end: START + HOURS * 3_600_000 });
      expect(ev.attacks.map((a) => [a.attack, a.recall])).toEqual([
        ['lateral-movement', 1], ['c2-beacon', 1], ['bruteforce', 1], ['device-silent', 1], ['eol-firmware', 1],
      ]);
      // Detection delay: at most 20 minutes after each attack starts (offline needs 15 min of silence).
      for (const a of ev.attacks) for (const d of a.first_detection_delay_s) expect(d).toBeLessThanOrEqual(20 * 60);
      const byType = Object.fromEntries(ev.detectors.map((d) => [d.type, d]));
      for (const t of ['lateral_movement_attempt', 'c2_beaconing', 'auth_bruteforce', 'unexpected_offline', 'ioc_contact', 'possible_exfiltration'] as const) {
        expect(byType[t].false_examples, t).toEqual([]);
      }
      expect(ev.fp_per_1000_entity_days).toBeLessThanOrEqual(1);
      // Every anomaly was announced on the event log with its identity and action.
      const logged = engine.events.read(0, { filter: { event_type: 'anomaly' }, limit: 1000 }).events.filter((e) => e.data.change === 'created');
      const open = engine.anomalies.list({ status: 'all', limit: 1000 });
      expect(logged).toHaveLength(open.total);
      const lateral = open.anomalies.find((a) => a.type === 'lateral_movement_attempt')!;
      // incident_id is whatever incident the anomaly joined (the incident engine links it as it is reported).
      expect(logged.find((e) => e.data.anomaly_id === lateral.id)!.data).toMatchObject({ device_id: lateral.entity_id, severity: 'critical', recommended_action: 'isolate', incident_id: lateral.incident_id });
    } finally {
      engine.close();
    }
  });
});
