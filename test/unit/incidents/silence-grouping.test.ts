// A silence is not an attack: an unexpected_offline anomaly on a host a lateral movement reached, or one
// that shares nothing but timing, stays out of the attack's incident; the same device's own silence may join.
import { describe, expect, it } from 'vitest';
import { addDevices, finding, HOUR, lateral, openEngine, report, T0 } from './fixtures';

const offline = (id: string, at: number) => finding(id, { type: 'unexpected_offline', severity: 'medium', detected_at: at, recommended_action: 'investigate' });

describe('silence and attack incidents', () => {
  it('keeps the offline anomalies of hosts a lateral movement reached out of its incident, in either order', () => {
    const { engine } = openEngine();
    addDevices(engine, { dev_src: '10.0.0.1', dev_a: '10.0.0.2', dev_b: '10.0.0.3', dev_c: '10.0.0.4' });
    const before = report(engine, offline('dev_c', T0 - HOUR));
    const lm = report(engine, lateral('dev_src', ['10.0.0.2', '10.0.0.3', '10.0.0.4'], T0));
    const a = report(engine, offline('dev_a', T0 + HOUR));
    const b = report(engine, offline('dev_b', T0 + 2 * HOUR));
    expect(lm.incident_id).not.toBeNull();
    for (const x of [before, a, b]) expect(engine.anomalies.get(x.id)!.incident_id).not.toBe(lm.incident_id);
    const inc = engine.incidents.get(lm.incident_id!);
    expect(inc.anomalies.map((m) => m.type)).toEqual(['lateral_movement_attempt']);
    engine.close();
  });

  it('lets a device\'s own silence join the incident it is already affected in', () => {
    const { engine } = openEngine();
    addDevices(engine, { dev_a: '10.0.0.2' });
    const c2 = report(engine, finding('dev_a', { detected_at: T0 }));
    const off = report(engine, offline('dev_a', T0 + HOUR));
    expect(off.incident_id).toBe(c2.incident_id);
    engine.close();
  });
});
