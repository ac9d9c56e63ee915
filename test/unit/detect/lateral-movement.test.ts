// lateral_movement_attempt: fan-out to internal hosts outside the baseline, and horizontal/vertical scans.
import { describe, expect, it } from 'vitest';
import { DAY, T0, flow, harness, ofType, routine } from './harness';

const usual = [{ ip: '10.1.0.2', port: 445 }, { ip: '10.1.0.3', port: 53 }, { ip: '52.96.0.10', port: 443 }];

describe('lateral movement', () => {
  it('reports fan-out to 14 internal hosts not in the baseline, critical, isolate, in the spec wording', () => {
    const h = harness();
    h.feed(routine('dev_ws', usual, T0, 8));
    const t = T0 + 8 * DAY + 3_600_000;
    h.feed(Array.from({ length: 14 }, (_, i) => flow('dev_ws', t + i * 5000, `10.1.2.${20 + i}`, 445, { conn_state: 'S0', bytes_in: 0, bytes_out: 0 })));
    const found = ofType(h, 'lateral_movement_attempt');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      entity_type: 'device', entity_id: 'dev_ws', severity: 'critical', recommended_action: 'isolate', status: 'open',
      description: 'Device attempting connections to 14 internal hosts not in its baseline',
    });
    expect(found[0].confidence).toBeGreaterThan(0.9);
    expect(found[0].observed_destinations).toContain('10.1.2.20');
    expect(found[0].evidence).toMatchObject({ pattern: 'internal_fanout', hosts: 14, window_s: 600 });
    expect(found[0].detected_at).toBe(new Date(t + 9 * 5000).toISOString());
    expect(found[0].last_seen_at).toBe(new Date(t + 13 * 5000).toISOString());
  });

  it('reports a sweep finished early in a batch that goes on for an hour of the same device\'s flows', () => {
    // A small fleet's 1,000-event batch spans an hour or more of data: the window must not be judged only at its end.
    const h = harness();
    h.feed(routine('dev_ws', usual, T0, 8));
    const t = T0 + 8 * DAY + 3_600_000;
    const sweep = Array.from({ length: 12 }, (_, i) => flow('dev_ws', t + i * 20_000, `10.1.5.${20 + i}`, 445, { conn_state: 'S0', bytes_in: 0, bytes_out: 0 }));
    const later = Array.from({ length: 6 }, (_, i) => flow('dev_ws', t + 1_200_000 + i * 600_000, '10.1.6.1', 3389, { conn_state: 'REJ', bytes_in: 0, bytes_out: 0 }));
    h.feed([...sweep, ...later]);
    const found = ofType(h, 'lateral_movement_attempt');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ description: 'Device attempting connections to 12 internal hosts not in its baseline', recommended_action: 'isolate', severity: 'critical' });
    expect(found[0].detected_at).toBe(new Date(t + 9 * 20_000).toISOString());
  });

  it('stays quiet for a few new internal peers, known peers, or new peers spread beyond the window', () => {
    const h = harness();
    h.feed(routine('dev_ws', usual, T0, 8));
    const t = T0 + 8 * DAY;
    h.feed(Array.from({ length: 6 }, (_, i) => flow('dev_ws', t + i * 1000, `10.1.3.${i}`, 445)));
    h.feed(Array.from({ length: 50 }, (_, i) => flow('dev_ws', t + 60_000 + i * 1000, '10.1.0.2', 445)));
    // 12 new hosts, but one every 20 minutes: never 10 within 10 minutes.
    h.feed(Array.from({ length: 12 }, (_, i) => flow('dev_ws', t + DAY + i * 1_200_000, `10.1.4.${i}`, 3389)));
    expect(ofType(h, 'lateral_movement_attempt')).toHaveLength(0);
  });

  it('updates one open anomaly as the fan-out grows instead of opening new ones', () => {
    const h = harness();
    h.feed(routine('dev_ws', usual, T0, 8));
    const t = T0 + 8 * DAY;
    const hosts = Array.from({ length: 40 }, (_, i) => flow('dev_ws', t + i * 2000, `10.9.0.${i + 1}`, 8080));
    h.feed(hosts.slice(0, 11));
    h.feed(hosts.slice(11));
    const found = ofType(h, 'lateral_movement_attempt');
    expect(found).toHaveLength(1);
    expect(found[0].occurrences).toBe(2);
    expect(found[0].description).toBe('Device attempting connections to 40 internal hosts not in its baseline');
    // One event-log entry for the creation and one for the escalation from high (11 hosts) to critical.
    const logged = h.events.read(0, { filter: { event_type: 'anomaly' } }).events.filter((e) => e.data.anomaly_type === 'lateral_movement_attempt');
    expect(logged.map((e) => [e.data.change, e.data.severity])).toEqual([['created', 'high'], ['escalated', 'critical']]);
    expect(found[0].severity).toBe('critical');
  });

  it('reports an internal horizontal scan as lateral movement', () => {
    const h = harness();
    h.feed(Array.from({ length: 10 }, (_, i) => ({ ts: T0 + i * 500, kind: 'flow' as const, src_ip: '10.0.2.112', src_port: 49200 + i, dst_ip: `10.0.9.${i + 1}`, dst_port: 445, proto: 'tcp', conn_state: 'S0' })));
    const found = ofType(h, 'lateral_movement_attempt');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ entity_id: '10.0.2.112', recommended_action: 'isolate' });
    expect(ofType(h, 'outbound_scan')).toEqual([]);
  });

  it('reports scans of outside addresses, horizontal (one port, many unanswered hosts) and vertical (many refused ports on one host), as outbound_scan to investigate', () => {
    const h = harness();
    const t = T0;
    h.feed(Array.from({ length: 10 }, (_, i) => ({ ts: t + i * 500, kind: 'flow' as const, src_ip: '10.0.2.112', src_port: 49200 + i, dst_ip: `198.51.100.${i + 1}`, dst_port: 80, proto: 'tcp', conn_state: 'S0' })));
    expect(ofType(h, 'lateral_movement_attempt')).toEqual([]);
    const horiz = ofType(h, 'outbound_scan');
    expect(horiz).toHaveLength(1);
    expect(horiz[0]).toMatchObject({ entity_type: 'device', entity_id: '10.0.2.112', severity: 'high', recommended_action: 'investigate' });
    expect(horiz[0].description).toBe('Host 10.0.2.112 scanning port 80/tcp: 10 hosts refused or never answered within 5 s');
    expect(horiz[0].evidence).toMatchObject({ pattern: 'horizontal_scan', port: 80, hosts: 10 });

    h.feed(Array.from({ length: 30 }, (_, i) => ({ ts: t + 60_000 + i * 10, kind: 'flow' as const, src_ip: '192.168.1.9', src_port: 40000 + i, dst_ip: '45.33.32.156', dst_port: 1000 + i * 7, proto: 'tcp', conn_state: 'REJ' })));
    const vert = ofType(h, 'outbound_scan').find((a) => a.entity_id === '192.168.1.9')!;
    expect(vert.description).toBe('Host 192.168.1.9 scanning 30 ports on 45.33.32.156: refused or never answered within 1 s');
    expect(vert.evidence).toMatchObject({ pattern: 'vertical_scan', host: '45.33.32.156', port_count: 30 });
  });

  it('does not call ordinary browsing a scan: many hosts on 443 that answered', () => {
    const h = harness();
    h.feed(Array.from({ length: 60 }, (_, i) => ({ ts: T0 + i * 1000, kind: 'flow' as const, src_ip: '10.0.0.7', dst_ip: `203.0.113.${i + 1}`, dst_port: 443, proto: 'tcp', conn_state: 'SF', bytes_out: 900, bytes_in: 40_000 })));
    expect(ofType(h, 'lateral_movement_attempt')).toHaveLength(0);
  });
});
