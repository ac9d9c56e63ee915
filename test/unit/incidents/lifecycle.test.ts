// An incident's life: timeline, contain, close (audited, idempotent, resolves members, runs close
// hooks inside its transaction), a closed incident never reopened, and closing when every member settles
// (reopened only by undoing the anomaly triage that closed it).
import { describe, expect, it } from 'vitest';
import { setAnomalyStatus } from '../../../src-main/engine/anomalies/anomaly-ops';
import { UserError } from '../../../src-main/engine/errors';
import { DAY, HOUR, T0, analyst, auditActions, finding, openEngine, report } from './fixtures';

describe('incident lifecycle', () => {
  it('keeps a timeline of opening, member anomalies and escalation in time order', () => {
    const { engine } = openEngine();
    const a = report(engine, finding('dev_a', { type: 'unexpected_offline', severity: 'medium', detected_at: T0 }));
    report(engine, finding('dev_a', { type: 'possible_exfiltration', severity: 'critical', detected_at: T0 + 2 * HOUR, observed_destinations: ['192.0.2.8'] }));
    const inc = engine.incidents.get(a.incident_id!);
    expect(inc.severity).toBe('critical');
    expect(inc.timeline.map((t) => [t.kind, t.ts])).toEqual([
      ['opened', new Date(T0).toISOString()],
      ['anomaly', new Date(T0).toISOString()],
      ['anomaly', new Date(T0 + 2 * HOUR).toISOString()],
      ['escalated', new Date(T0 + 2 * HOUR).toISOString()],
    ]);
    expect(inc.timeline[3].summary).toBe('Severity raised from medium to critical');
    expect(inc).toMatchObject({ first_activity_at: new Date(T0).toISOString(), last_activity_at: new Date(T0 + 2 * HOUR).toISOString(), anomaly_count: 2 });
    engine.close();
  });

  it('closes audited and idempotently, resolves its open anomalies, and a later anomaly opens a new incident', () => {
    const { engine, clock } = openEngine();
    const a = report(engine, finding('dev_a', { observed_destinations: ['198.51.100.7'] }));
    const id = a.incident_id!;
    clock.advance(HOUR);
    const closed = engine.incidents.close(id, { resolution: 'Reimaged dev_a; C2 blocked at the firewall' }, analyst);
    expect(closed).toMatchObject({ status: 'closed', resolution: 'Reimaged dev_a; C2 blocked at the firewall', closed_at: new Date(clock.now()).toISOString() });
    expect(closed.anomalies[0]).toMatchObject({ status: 'resolved', status_reason: `incident ${id} closed: Reimaged dev_a; C2 blocked at the firewall` });
    expect(closed.timeline.at(-1)).toMatchObject({ kind: 'closed', summary: 'Closed by analyst Sam Analyst (sam): Reimaged dev_a; C2 blocked at the firewall' });

    clock.advance(HOUR);
    const again = engine.incidents.close(id, { resolution: 'something else' }, analyst);
    expect(again).toEqual(closed);
    const audits = auditActions(engine, 'incident.close');
    expect(audits.map((r) => [r.actor_type, r.actor_id, JSON.parse(r.detail!).changed])).toEqual([['analyst', 'sam', true], ['analyst', 'sam', false]]);
    expect(JSON.parse(audits[0].params)).toEqual({ incident_id: id, resolution: 'Reimaged dev_a; C2 blocked at the firewall', release_quarantined_devices: false });
    expect(auditActions(engine, 'anomaly.set_status')).toHaveLength(1);
    const statusEvents = engine.events.read(0, { filter: { event_type: 'incident' } }).events.filter((e) => e.data.change === 'status');
    expect(statusEvents.map((e) => [e.data.previous_status, e.data.status])).toEqual([['open', 'closed']]);

    // The same behaviour again: the closed incident stays closed, a new one opens.
    const repeat = report(engine, finding('dev_a', { detected_at: T0 + 2 * HOUR, observed_destinations: ['198.51.100.7'] }));
    expect(repeat.id).not.toBe(a.id);
    expect(repeat.incident_id).not.toBeNull();
    expect(repeat.incident_id).not.toBe(id);
    expect(engine.incidents.get(id).status).toBe('closed');
    expect(engine.incidents.list({ status: 'open' }).incidents.map((i) => i.id)).toEqual([repeat.incident_id]);
    engine.close();
  });

  it('contains an open incident (idempotent) and refuses to contain a closed one; unknown ids name the id', () => {
    const { engine } = openEngine();
    const id = report(engine, finding('dev_a')).incident_id!;
    expect(engine.incidents.contain(id, analyst).status).toBe('contained');
    expect(engine.incidents.contain(id, analyst).timeline.filter((t) => t.kind === 'contained')).toHaveLength(1);
    // New anomalies still join a contained incident.
    expect(report(engine, finding('dev_a', { type: 'possible_exfiltration', detected_at: T0 + HOUR })).incident_id).toBe(id);
    engine.incidents.close(id, { resolution: 'done' }, analyst);
    expect(() => engine.incidents.contain(id, analyst)).toThrow(/incident '.*' is closed and cannot be contained/);
    expect(() => engine.incidents.close('inc_nope', {}, analyst)).toThrow("unknown incident 'inc_nope'");
    expect(() => engine.incidents.get('inc_nope')).toThrow(UserError);
    engine.close();
  });

  it('runs close hooks with the release flag inside the close, recording what they did; a failing hook cancels the close', () => {
    const { engine } = openEngine();
    const id = report(engine, finding('dev_a')).incident_id!;
    const calls: boolean[] = [];
    const off = engine.incidents.onClose(({ incident, release_quarantined_devices }) => {
      calls.push(release_quarantined_devices);
      return release_quarantined_devices ? incident.entities.map((e) => `Released ${e.entity_id} from quarantine`) : [];
    });
    const failing = engine.incidents.onClose(() => {
      throw new UserError('conflict', 'enforcement point unreachable');
    });
    expect(() => engine.incidents.close(id, { resolution: 'x', release_quarantined_devices: true }, analyst)).toThrow('enforcement point unreachable');
    expect(engine.incidents.get(id).status).toBe('open');
    expect(engine.anomalies.openFor('device', 'dev_a')).toHaveLength(1);
    failing();
    const closed = engine.incidents.close(id, { resolution: 'x', release_quarantined_devices: true }, analyst);
    expect(calls).toEqual([true, true]);
    expect(closed.timeline.filter((t) => t.kind === 'action').map((t) => t.summary)).toEqual(['Released dev_a from quarantine']);
    expect(JSON.parse(auditActions(engine, 'incident.close')[0].detail!).actions).toEqual(['Released dev_a from quarantine']);
    off();
    engine.close();
  });

  it('closes itself once every member anomaly is resolved or a false positive', () => {
    const { engine } = openEngine();
    const a = report(engine, finding('dev_a'));
    const b = report(engine, finding('dev_a', { type: 'possible_exfiltration', detected_at: T0 + HOUR }));
    engine.anomalies.setStatus(a.id, 'false_positive', { actor: analyst, reason: 'backup job' });
    expect(engine.incidents.get(a.incident_id!).status).toBe('open');
    engine.anomalies.setStatus(b.id, 'resolved', { actor: analyst, reason: 'patched' });
    const inc = engine.incidents.get(a.incident_id!);
    const why = `Every member anomaly settled: 1 resolved, 1 false positive; the last, ${b.id} marked resolved (patched)`;
    expect(inc).toMatchObject({ status: 'closed', resolution: why });
    expect(inc.timeline.at(-1)).toMatchObject({ kind: 'closed', ref: b.id, summary: `Closed by system incidents: ${why}` });
    expect(auditActions(engine, 'incident.close').map((r) => [r.actor_type, JSON.parse(r.detail!).settled_by])).toEqual([['system', b.id]]);
    engine.close();
  });

  it('tells the analyst which incident a triage closed, and reopening that anomaly reopens it', () => {
    const { engine, clock } = openEngine();
    const a = report(engine, finding('dev_a'));
    const id = a.incident_id!;
    clock.advance(HOUR);
    const dismissed = setAnomalyStatus(engine, { anomaly_id: a.id, status: 'false_positive', reason: 'backup job' }, analyst);
    expect(dismissed).toMatchObject({ status: 'false_positive', closed_incidents: [id], reopened_incidents: [] });
    expect(engine.incidents.get(id).status).toBe('closed');

    clock.advance(HOUR);
    const undone = setAnomalyStatus(engine, { anomaly_id: a.id, status: 'open' }, analyst);
    expect(undone).toMatchObject({ status: 'open', incident_id: id, closed_incidents: [], reopened_incidents: [id] });
    const inc = engine.incidents.get(id);
    expect(inc).toMatchObject({ status: 'open', closed_at: null, resolution: null });
    expect(inc.timeline.slice(-2).map((t) => [t.kind, t.ref, t.summary])).toEqual([
      ['closed', a.id, `Closed by system incidents: Every member anomaly settled: 0 resolved, 1 false positive; the last, ${a.id} marked a false positive (backup job)`],
      ['reopened', a.id, `Reopened: anomaly ${a.id} reopened (its triage undone)`],
    ]);
    expect(auditActions(engine, 'incident.reopen').map((r) => [r.actor_type, JSON.parse(r.params)])).toEqual([['system', { incident_id: id, anomaly_id: a.id }]]);

    // Acknowledging changes no incident; an incident an analyst closed stays closed when its anomaly is reopened.
    expect(setAnomalyStatus(engine, { anomaly_id: a.id, status: 'acknowledged' }, analyst)).toMatchObject({ closed_incidents: [], reopened_incidents: [] });
    engine.incidents.close(id, { resolution: 'reimaged' }, analyst);
    expect(setAnomalyStatus(engine, { anomaly_id: a.id, status: 'open' }, analyst)).toMatchObject({ status: 'open', reopened_incidents: [] });
    expect(engine.incidents.get(id).status).toBe('closed');
    engine.close();
  });

  it('lists by status and severity, open first, with totals', () => {
    const { engine } = openEngine();
    const x = report(engine, finding('dev_a', { severity: 'medium', type: 'unexpected_offline' })).incident_id!;
    const y = report(engine, finding('dev_b', { severity: 'critical', detected_at: T0 + DAY })).incident_id!;
    const z = report(engine, finding('dev_c', { severity: 'high', type: 'auth_bruteforce' })).incident_id!;
    engine.incidents.close(z, { resolution: 'ok' }, analyst);
    expect(engine.incidents.list().incidents.map((i) => i.id)).toEqual([y, x, z]);
    expect(engine.incidents.list({ status: 'open', severity: 'critical' })).toMatchObject({ total: 1, incidents: [{ id: y }] });
    expect(engine.incidents.list({ limit: 1, offset: 1 })).toMatchObject({ total: 3, incidents: [{ id: x }] });
    engine.close();
  });
});
