// ioc_contact (from ev.intel), new_external_destination (established only, rate-limited) and possible_exfiltration.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MIN, T0, flow, harness, ofType, routine } from './harness';

const usual = [{ ip: '52.96.0.10', port: 443, bytes: 20_000 }, { ip: '10.1.0.3', port: 53, bytes: 200 }];

describe('ioc contact', () => {
  it('reports traffic to a malicious indicator once per entity and indicator, updating on repeats', () => {
    const h = harness();
    h.db.prepare(`INSERT INTO indicators (id, kind, value, reputation, categories, threat_actors) VALUES (7, 'ipv4', '185.234.47.21', 'malicious', '["c2_server"]', '["APT-44"]')`).run();
    const hit = { indicator_id: 7, reputation: 'malicious' as const, field: 'dst_ip', value: '185.234.47.21' };
    h.feed([flow('dev_a', T0, '185.234.47.21', 443, { intel: [hit] }), flow('dev_a', T0 + 1000, '185.234.47.21', 443, { intel: [hit] })]);
    h.feed([flow('dev_a', T0 + 60_000, '185.234.47.21', 443, { intel: [hit] })]);
    const [a, ...rest] = ofType(h, 'ioc_contact');
    expect(rest).toHaveLength(0);
    expect(a).toMatchObject({
      entity_id: 'dev_a', severity: 'critical', recommended_action: 'block_destination', occurrences: 2, observed_destinations: ['185.234.47.21'],
      description: 'Device contacted 185.234.47.21:443, rated malicious (c2_server) by threat intel, attributed to APT-44',
    });
    expect(a.evidence).toMatchObject({ indicator: '185.234.47.21', categories: ['c2_server'], matching_events: 1 });
    expect(a.last_seen_at).toBe(new Date(T0 + 60_000).toISOString());
    const logged = h.events.read(0, { filter: { event_type: 'anomaly' } }).events;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ severity: 'critical', entity_type: 'device', entity_id: 'dev_a', ts: new Date(T0).toISOString() });
    expect(logged[0].data).toMatchObject({ anomaly_id: a.id, device_id: 'dev_a', anomaly_type: 'ioc_contact', incident_id: null, recommended_action: 'block_destination' });
  });

  it('rates suspicious indicators medium and can leave them out', () => {
    const hit = { indicator_id: 9, reputation: 'suspicious' as const, field: 'query', value: 'odd.example' };
    const h = harness();
    h.feed([{ ts: T0, kind: 'dns', entity_type: 'device', entity_id: 'dev_b', device_id: 'dev_b', query: 'odd.example', intel: [hit] }]);
    expect(ofType(h, 'ioc_contact')[0]).toMatchObject({ severity: 'medium', recommended_action: 'investigate', description: 'Device looked up odd.example, rated suspicious by threat intel' });
    const quiet = harness({ ioc: { include_suspicious: false } });
    quiet.feed([{ ts: T0, kind: 'dns', entity_type: 'device', entity_id: 'dev_b', device_id: 'dev_b', query: 'odd.example', intel: [hit] }]);
    expect(ofType(quiet, 'ioc_contact')).toHaveLength(0);
  });
});

describe('new external destination', () => {
  it('is silent while learning, then reports new outside addresses at low severity, at most 5 a day per entity', () => {
    const h = harness();
    h.feed([flow('dev_a', T0, '198.51.100.1', 443)]);
    h.feed(routine('dev_a', usual, T0, 8));
    expect(ofType(h, 'new_external_destination')).toHaveLength(0);
    const t = T0 + 8 * DAY + HOUR;
    h.feed([{ ts: t, kind: 'dns', entity_type: 'device', entity_id: 'dev_a', device_id: 'dev_a', query: 'files.example.org', answers: ['203.0.113.9'] }]);
    h.feed(Array.from({ length: 9 }, (_, i) => flow('dev_a', t + (i + 1) * MIN, `203.0.113.${9 + i}`, 443)));
    const found = ofType(h, 'new_external_destination');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'low', recommended_action: 'monitor', occurrences: 5 });
    expect(found[0].observed_destinations).toEqual(['files.example.org', '203.0.113.10', '203.0.113.11', '203.0.113.12', '203.0.113.13']);
    expect(found[0].description).toBe('Device contacted 203.0.113.13:443, an external destination not in its baseline');
    expect(found[0].evidence).toMatchObject({ new_today: 5, suppressed_today: 0 });
    // Internal addresses and baseline destinations are not "new external".
    h.feed([flow('dev_a', t + HOUR, '10.1.7.7', 443), flow('dev_a', t + HOUR, '52.96.0.10', 443)]);
    expect(ofType(h, 'new_external_destination')[0].occurrences).toBe(5);
  });

  it('does not count a destination most of the fleet already uses', () => {
    const h = harness();
    for (const d of ['d1', 'd2', 'd3', 'd4', 'd5', 'd6']) h.feed([flow(d, T0 + DAY, '151.101.1.69', 443)]);
    h.feed(routine('dev_a', usual, T0, 8));
    h.feed([flow('dev_a', T0 + 8 * DAY + HOUR, '151.101.1.69', 443)]);
    expect(ofType(h, 'new_external_destination')).toHaveLength(0);
  });
});

describe('possible exfiltration', () => {
  it('reports an hour of upload far above the baseline, naming the destination', () => {
    const h = harness();
    h.feed(routine('dev_a', usual, T0, 8));
    const t = T0 + 8 * DAY + 2 * HOUR;
    h.feed([{ ts: t, kind: 'dns', entity_type: 'device', entity_id: 'dev_a', device_id: 'dev_a', query: 'drop.mega-upload.example', answers: ['45.9.148.3'] }]);
    h.feed(Array.from({ length: 30 }, (_, i) => flow('dev_a', t + i * MIN, '45.9.148.3', 443, { bytes_out: 20_000_000 })));
    const [a] = ofType(h, 'possible_exfiltration');
    expect(a).toMatchObject({ entity_id: 'dev_a', recommended_action: 'isolate', observed_destinations: ['drop.mega-upload.example'] });
    expect(a.severity).toBe('critical');
    expect(a.description).toMatch(/^Device sent 600\.0 MB in one hour to 1 outside or new destination \(600\.0 MB to drop\.mega-upload\.example \(45\.9\.148\.3\)\), \d+× its hourly average of \d+\.\d KB$/);
  });

  it('ignores a busy hour within the baseline range, and entities still learning', () => {
    const h = harness();
    h.feed(routine('dev_a', usual, T0, 8));
    h.feed(Array.from({ length: 30 }, (_, i) => flow('dev_a', T0 + 8 * DAY + i * MIN, '52.96.0.10', 443, { bytes_out: 100_000 })));
    h.feed(Array.from({ length: 30 }, (_, i) => flow('dev_new', T0 + i * MIN, '45.9.148.3', 443, { bytes_out: 20_000_000 })));
    expect(ofType(h, 'possible_exfiltration')).toHaveLength(0);
  });
});
