// Incidents during ingest: a simulated fleet with a lateral movement and a C2 beacon goes through the
// real pipeline; each attack becomes one specific incident, the anomaly events carry its id, and
// posture counts the active incidents in the same batch.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { runSimulation } from '../../../src-main/engine/simulate/run-simulation';

describe('incidents from the continuous pipeline', () => {
  it('opens one incident per simulated attack, and the anomaly events carry its id', () => {
    const engine = Engine.open({ dbPath: ':memory:', clock: new ManualClock(Date.UTC(2026, 4, 21, 9)), log: testLogger });
    runSimulation(engine, { devices: 60, hours: 200, attacks: 'lateral-movement,c2-beacon', seed: 7 }, { actor: { type: 'cli', id: 'test' } });
    const labels = Object.fromEntries((engine.db.prepare('SELECT attack, entity_id FROM sim_labels').all() as { attack: string; entity_id: string }[]).map((l) => [l.attack, l.entity_id]));
    const incidents = engine.incidents.list({ limit: 100 }).incidents;

    const lateral = incidents.find((i) => i.entities.some((e) => e.entity_id === labels['lateral-movement'] && e.role === 'source'));
    expect(lateral, JSON.stringify(incidents.map((i) => i.title))).toBeDefined();
    expect(lateral!.title).toMatch(new RegExp(`^Lateral movement from ${labels['lateral-movement']} to \\d+ hosts`));
    expect(lateral!.severity).toBe('critical');
    expect(lateral!.entities.filter((e) => e.role === 'target').length).toBeGreaterThanOrEqual(5);

    const c2 = incidents.find((i) => i.entities.some((e) => e.entity_id === labels['c2-beacon'] && e.role !== 'target'));
    expect(c2).toBeDefined();
    const c2Detail = engine.incidents.get(c2!.id);
    expect(c2Detail.anomalies.map((a) => a.type)).toEqual(expect.arrayContaining(['c2_beaconing', 'ioc_contact']));
    expect(c2Detail.indicators.length).toBeGreaterThan(0);

    // Every anomaly event that created a grouped anomaly names the incident it was grouped into then.
    const events = engine.events.read(0, { limit: 10_000, filter: { event_type: 'anomaly' } }).events;
    const lmEvent = events.find((e) => e.data.anomaly_type === 'lateral_movement_attempt' && e.entity_id === labels['lateral-movement']);
    expect(lmEvent?.data.incident_id).toBe(lateral!.id);
    for (const e of events) {
      const a = engine.anomalies.get(e.data.anomaly_id as string)!;
      if (e.data.incident_id !== null) expect(e.data.incident_id).toBe(a.incident_id);
      else expect(a.severity).toBe('low');
    }
    const active = incidents.filter((i) => i.status !== 'closed').length;
    expect(engine.posture.fleet().active_incidents).toBe(active);
    engine.close();
  });
});
