// close_incident with release_quarantined_devices, end to end through dispatch and the real incidents
// engine: the devices isolated during the incident are released in the close transaction (and said so
// on the timeline); without the flag, or isolated before the incident, they stay isolated.
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/engine/engine';
import { addDevices, analyst, lateral, openEngine, report, T0 } from '../incidents/fixtures';
import { call } from './helpers';

let engine: Engine;
afterEach(() => engine?.close());

const decision = (id: string) => call(engine, 'policy.evaluateAccess', { identity_type: 'device', identity_id: id, destination: 'example.com' }).decision;

describe('close_incident releases devices quarantined during it', () => {
  it('releases on request, records it on the timeline, and leaves older quarantines alone', () => {
    let clock;
    ({ engine, clock } = openEngine());
    const now = clock.now();
    addDevices(engine, { dev_a: '10.0.0.1', dev_b: '10.0.0.2', dev_c: '10.0.0.3' });
    clock.set(T0 - 3_600_000);
    call(engine, 'policy.isolateDevice', { device_id: 'dev_c' }, { actor: analyst }); // before the incident's first activity
    clock.set(now);
    const a = report(engine, lateral('dev_a', ['10.0.0.2', '10.0.0.3'], T0));
    const incidentId = a.incident_id!;
    expect(incidentId).toBeTruthy();
    call(engine, 'policy.isolateDevice', { device_id: 'dev_a', reason: `incident ${incidentId}` }, { actor: analyst });
    const closed = call(engine, 'incidents.close', { incident_id: incidentId, resolution: 'Reimaged dev_a', release_quarantined_devices: true }, { actor: analyst });
    expect(closed.status).toBe('closed');
    expect(decision('dev_a')).toBe('allow');
    expect(decision('dev_c')).toBe('isolate');
    const detail = call(engine, 'incidents.get', { incident_id: incidentId }, { actor: analyst });
    expect(JSON.stringify(detail.timeline)).toContain('released dev_a from quarantine (pol_isolate_dev_a v2)');
    const released = engine.policy.get('pol_isolate_dev_a').history[0];
    expect(released).toMatchObject({ change: 'released', reason: `incident ${incidentId} closed: Reimaged dev_a`, actor: { type: 'analyst', id: 'sam' } });
  });

  it('without release_quarantined_devices the quarantine stays', () => {
    ({ engine } = openEngine());
    addDevices(engine, { dev_a: '10.0.0.1', dev_b: '10.0.0.2' });
    const a = report(engine, lateral('dev_a', ['10.0.0.2'], T0));
    call(engine, 'policy.isolateDevice', { device_id: 'dev_a' }, { actor: analyst });
    call(engine, 'incidents.close', { incident_id: a.incident_id, resolution: 'monitoring' }, { actor: analyst });
    expect(decision('dev_a')).toBe('isolate');
  });
});
