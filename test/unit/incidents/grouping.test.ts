// Grouping rules on crafted anomalies: same entity within the window, a destination shared across
// devices, spread from a host a lateral movement reached (either order), and low severity joining but
// never opening. Anomalies go through the real store, so the anomaly event's incident_id is checked too.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, addDevices, finding, lateral, openEngine, report } from './fixtures';

describe('incident grouping', () => {
  it('groups anomalies of one entity within 24 h and opens a new incident after the window', () => {
    const { engine } = openEngine();
    const a = report(engine, finding('dev_a', { observed_destinations: ['198.51.100.7'] }));
    const b = report(engine, finding('dev_a', { type: 'possible_exfiltration', detected_at: T0 + 3 * HOUR, observed_destinations: ['192.0.2.99'] }));
    expect(a.incident_id).toMatch(/^inc_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(b.incident_id).toBe(a.incident_id);
    const later = report(engine, finding('dev_a', { type: 'auth_bruteforce', detected_at: T0 + 3 * DAY }));
    expect(later.incident_id).not.toBeNull();
    expect(later.incident_id).not.toBe(a.incident_id);
    const inc = engine.incidents.get(a.incident_id!);
    expect(inc.anomalies.map((x) => x.id)).toEqual([a.id, b.id]);
    expect(inc.entities.map((e) => [e.entity_id, e.role, e.anomaly_count])).toEqual([['dev_a', 'affected', 2]]);
    expect(inc.title).toBe('C2 beaconing from dev_a to 198.51.100.7 (+1 related anomaly)');
    engine.close();
  });

  it('groups several devices contacting the same C2 into one incident, and keeps another destination apart', () => {
    const { engine } = openEngine();
    const c2 = '203.0.113.57';
    const ids = ['dev_a', 'dev_b', 'dev_c'].map((d, i) => report(engine, finding(d, { detected_at: T0 + i * 2 * HOUR, observed_destinations: ['beacon.example.net', c2] })));
    const other = report(engine, finding('dev_d', { detected_at: T0 + HOUR, observed_destinations: ['192.0.2.200'] }));
    expect(new Set(ids.map((a) => a.incident_id)).size).toBe(1);
    expect(other.incident_id).not.toBe(ids[0].incident_id);
    const inc = engine.incidents.get(ids[0].incident_id!);
    expect(inc.title).toBe('C2 beaconing to beacon.example.net from 3 devices');
    expect(inc.indicators).toEqual(['beacon.example.net', c2]);
    expect(inc.entities.map((e) => e.entity_id)).toEqual(['dev_a', 'dev_b', 'dev_c']);
    expect(engine.incidents.get(ids[0].incident_id!).timeline.filter((t) => t.kind === 'anomaly').map((t) => t.summary)).toEqual([
      expect.stringContaining('on dev_a'), expect.stringMatching(/on dev_b.*\[shares beacon\.example\.net, 203\.0\.113\.57\]$/), expect.stringMatching(/on dev_c.*\[shares/),
    ]);
    // A shared destination groups within its window (7 days), not forever.
    const muchLater = report(engine, finding('dev_e', { detected_at: T0 + 10 * DAY, observed_destinations: [c2] }));
    expect(muchLater.incident_id).not.toBe(ids[0].incident_id);
    engine.close();
  });

  it('caps an incident at 150 anomalies: the next match opens the following incident, which then takes the rest', () => {
    const { engine } = openEngine();
    const c2 = '203.0.113.57';
    const wave = Array.from({ length: 150 }, (_, i) => report(engine, finding(`dev_${i}`, { detected_at: T0 + i * 60_000, observed_destinations: [c2] })));
    const full = wave[0].incident_id!;
    expect(new Set(wave.map((a) => a.incident_id))).toEqual(new Set([full]));
    const next = report(engine, finding('dev_150', { detected_at: T0 + 150 * 60_000, observed_destinations: [c2] }));
    expect(next.incident_id).not.toBeNull();
    expect(next.incident_id).not.toBe(full);
    // Even an anomaly on a device the full incident holds goes to the open one it shares the C2 with.
    const again = report(engine, finding('dev_0', { type: 'possible_exfiltration', detected_at: T0 + 3 * HOUR, observed_destinations: [c2] }));
    expect(again.incident_id).toBe(next.incident_id);
    expect(engine.incidents.get(full).anomaly_count).toBe(150);
    expect(engine.incidents.get(next.incident_id!).anomaly_count).toBe(2);
    engine.close();
  });

  it('joins anomalies on the hosts a lateral movement reached to its incident, and only after the reach', () => {
    const { engine } = openEngine();
    addDevices(engine, { dev_ws_sarah: '10.0.1.10', dev_srv_files: '10.0.2.20', dev_srv_db: '10.0.2.21', dev_cam_7: '10.0.3.30' });
    const before = report(engine, finding('dev_cam_7', { type: 'unexpected_offline', severity: 'medium', detected_at: T0 - 2 * DAY }));
    const lm = report(engine, lateral('dev_ws_sarah', ['10.0.2.20', '10.0.2.21', '10.0.3.30', '10.0.9.99'], T0));
    expect(lm.incident_id).not.toBeNull();
    expect(before.incident_id).not.toBe(lm.incident_id);
    const spread = report(engine, finding('dev_srv_files', { type: 'possible_exfiltration', detected_at: T0 + 2 * HOUR, observed_destinations: ['192.0.2.50'] }));
    expect(spread.incident_id).toBe(lm.incident_id);
    const inc = engine.incidents.get(lm.incident_id!);
    expect(inc.title).toBe('Lateral movement from dev_ws_sarah to 4 hosts, 1 device with anomalies');
    const roles = Object.fromEntries(inc.entities.map((e) => [e.entity_id, e.role]));
    // The unmanaged address is kept as a device named by its address, as the pipeline attributes such hosts.
    expect(roles).toEqual({ dev_ws_sarah: 'source', dev_srv_files: 'affected', dev_srv_db: 'target', dev_cam_7: 'target', '10.0.9.99': 'target' });
    expect(inc.timeline.find((t) => t.ref === spread.id)?.summary).toMatch(/\[spread: a host reached by a lateral movement\]$/);
    // Past the spread window, a reached host's anomaly is its own case.
    const late = report(engine, finding('dev_srv_db', { detected_at: T0 + 3 * DAY, observed_destinations: ['192.0.2.51'] }));
    expect(late.incident_id).not.toBe(lm.incident_id);
    engine.close();
  });

  it('a lateral movement reported after its victims\' anomalies joins their incident, or merges it with its own', () => {
    const { engine } = openEngine();
    addDevices(engine, { dev_ws_sarah: '10.0.1.10', dev_srv_files: '10.0.2.20', dev_srv_db: '10.0.2.21' });
    // Reported in this order within one batch: the victim's anomaly (after the reach) before the movement.
    const victim = report(engine, finding('dev_srv_files', { detected_at: T0 + 30 * 60_000, observed_destinations: ['198.51.100.9'] }));
    const lm = report(engine, lateral('dev_ws_sarah', ['10.0.2.20'], T0));
    expect(lm.incident_id).toBe(victim.incident_id);
    expect(engine.incidents.get(lm.incident_id!).title).toBe('Lateral movement from dev_ws_sarah to 1 host, 1 device with anomalies');

    // The source already has its own incident, the victim another: the movement ties them into one.
    const { engine: e2 } = openEngine();
    addDevices(e2, { dev_ws_sarah: '10.0.1.10', dev_srv_db: '10.0.2.21' });
    const own = report(e2, finding('dev_ws_sarah', { type: 'ioc_contact', detected_at: T0 - HOUR, observed_destinations: ['evil.example'], evidence: { indicator: 'evil.example' } }));
    const hit = report(e2, finding('dev_srv_db', { type: 'auth_bruteforce', detected_at: T0 + HOUR }));
    expect(hit.incident_id).not.toBe(own.incident_id);
    const move = report(e2, lateral('dev_ws_sarah', ['10.0.2.21'], T0));
    expect(move.incident_id).toBe(own.incident_id);
    expect(e2.anomalies.get(hit.id)!.incident_id).toBe(own.incident_id);
    const absorbed = e2.incidents.get(hit.incident_id!);
    // It keeps what it covered (title, entities) as history; its anomalies now belong to the other.
    expect(absorbed).toMatchObject({ status: 'closed', resolution: `Merged into ${own.incident_id}`, anomalies: [] });
    const merged = e2.incidents.get(own.incident_id!);
    expect(merged.anomalies.map((a) => a.id).sort()).toEqual([own.id, hit.id, move.id].sort());
    expect(merged.timeline.map((t) => t.kind)).toContain('merged');
    expect(e2.events.read(0, { filter: { event_type: 'incident' } }).events.map((e) => e.data.change)).toContain('merged');
    engine.close();
    e2.close();
  });

  it('a low-severity anomaly never opens an incident but joins one covering its entity or indicator', () => {
    const { engine } = openEngine();
    const low = report(engine, finding('dev_a', { type: 'new_external_destination', severity: 'low', detected_at: T0 - 4 * HOUR, observed_destinations: ['evil.example'] }));
    expect(low.incident_id).toBeNull();
    expect(engine.incidents.list().total).toBe(0);
    expect(engine.events.read(0, { filter: { event_type: 'anomaly' } }).events[0].data.incident_id).toBeNull();
    // A serious one on the same device opens the incident and brings the earlier low one in.
    const ioc = report(engine, finding('dev_a', { type: 'ioc_contact', severity: 'critical', observed_destinations: ['evil.example'], evidence: { indicator: 'evil.example', categories: ['c2_server'] } }));
    expect(engine.anomalies.get(low.id)!.incident_id).toBe(ioc.incident_id);
    // A low one elsewhere joins through the shared indicator, without opening anything.
    const lowElsewhere = report(engine, finding('dev_b', { type: 'new_external_destination', severity: 'low', detected_at: T0 + HOUR, observed_destinations: ['evil.example'] }));
    expect(lowElsewhere.incident_id).toBe(ioc.incident_id);
    const lowUnrelated = report(engine, finding('dev_c', { type: 'new_external_destination', severity: 'low', observed_destinations: ['cdn.example'] }));
    expect(lowUnrelated.incident_id).toBeNull();
    expect(engine.incidents.list().total).toBe(1);
    expect(engine.incidents.get(ioc.incident_id!).title).toBe('C2 contact with evil.example from 2 devices');
    engine.close();
  });

  it('the anomaly event carries the incident id, and the incident logs opened and escalated events', () => {
    const { engine } = openEngine();
    const a = report(engine, finding('dev_a', { severity: 'medium', type: 'unexpected_offline' }));
    report(engine, finding('dev_a', { severity: 'critical', type: 'unexpected_offline', detected_at: T0 + HOUR }));
    const anomalyEvents = engine.events.read(0, { filter: { event_type: 'anomaly' } }).events;
    expect(anomalyEvents.map((e) => [e.data.change, e.data.incident_id])).toEqual([['created', a.incident_id], ['escalated', a.incident_id]]);
    const incidentEvents = engine.events.read(0, { filter: { event_type: 'incident' } }).events;
    expect(incidentEvents.map((e) => [e.data.change, e.severity, e.entity_id])).toEqual([['opened', 'medium', 'dev_a'], ['escalated', 'critical', 'dev_a']]);
    expect(incidentEvents[0].data).toMatchObject({ incident_id: a.incident_id, title: 'dev_a unexpectedly offline', status: 'open', anomaly_ids: [a.id] });
    engine.close();
  });
});
