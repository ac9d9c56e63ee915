// c2_beaconing: periodic check-ins (with Zeek's per-retry records merged), session-holding C2, and the
// gates that keep vendor heartbeats and baseline destinations out.
import { describe, expect, it } from 'vitest';
import { periodicity } from '../../../src-main/engine/detect/c2-beaconing';
import { DAY, MIN, T0, flow, harness, ofType, routine, type Ev } from './harness';

/** The shape of Slips test18 (RemcosRAT): every ~2.07 s a new source port, each attempt logged 3 times (REJ, SYN retries ~0.54 s apart), out of order. */
function remcos(attempts: number, start: number): Ev[] {
  const out: Ev[] = [];
  for (let k = 0; k < attempts; k++) {
    const base = start + k * 2070 + (k % 3) * 15;
    for (const r of [0, 537, 1075]) out.push({ ts: base + r, kind: 'flow', src_ip: '192.168.1.107', src_port: 65164 + k, dst_ip: '66.63.168.35', dst_port: 5888, proto: 'tcp', conn_state: 'REJ', bytes_out: 0, bytes_in: 0, duration_ms: 30 });
  }
  // Zeek writes records when connections end, so a later attempt's first record precedes an earlier one's last retry.
  for (let i = 3; i < out.length; i += 6) [out[i - 1], out[i]] = [out[i], out[i - 1]];
  return out;
}

describe('periodicity', () => {
  it('is 0 for a metronome and stays low with a few missed beats', () => {
    expect(periodicity([0, 10, 20, 30, 40])!.cv).toBe(0);
    const beats = Array.from({ length: 30 }, (_, i) => i * 60_000).filter((t) => t !== 600_000 && t !== 1_200_000);
    const p = periodicity(beats)!;
    expect(p.periodMs).toBe(60_000);
    expect(p.cv).toBeLessThan(0.1);
  });
  it('is high for random arrivals', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let t = 0;
    const times = Array.from({ length: 60 }, () => (t += -Math.log(1 - rnd()) * 30_000));
    expect(periodicity(times)!.cv).toBeGreaterThan(0.5);
  });
});

describe('c2 beaconing', () => {
  it('detects RemcosRAT-style refused check-ins every 2 s, merging the retry records of each attempt', () => {
    const h = harness();
    h.feed(remcos(80, T0), 100);
    const found = ofType(h, 'c2_beaconing');
    expect(found).toHaveLength(1);
    const a = found[0];
    expect(a).toMatchObject({ entity_type: 'device', entity_id: '192.168.1.107', severity: 'high', recommended_action: 'block_destination', observed_destinations: ['66.63.168.35'] });
    expect(a.description).toMatch(/^Host 192\.168\.1\.107 beaconing to 66\.63\.168\.35:5888 every 2\.1 s \(240 connections over 3 min, jitter \d+%, 100% refused or unanswered\)$/);
    expect(a.evidence).toMatchObject({ shape: 'periodic', destination: '66.63.168.35', port: 5888, connections: 240, failed: 240 });
    expect(a.evidence.period_s).toBeCloseTo(2.1, 1);
    expect(a.confidence).toBeGreaterThan(0.8);
  });

  it('reports a new rare named destination an established device polls every 5 minutes with jitter', () => {
    const h = harness();
    h.feed(routine('dev_ws', [{ ip: '52.96.0.10', port: 443 }, { ip: '10.1.0.3', port: 53 }], T0, 8));
    const t = T0 + 8 * DAY;
    h.feed([{ ts: t, kind: 'dns', entity_type: 'device', entity_id: 'dev_ws', device_id: 'dev_ws', query: 'sync-cdn.top', answers: ['185.220.1.9'] }]);
    let seed = 3;
    const jitter = () => ((seed = (seed * 48271) % 2147483647) / 2147483647 - 0.5) * 0.2;
    let at = t;
    h.feed(Array.from({ length: 30 }, () => flow('dev_ws', (at += 5 * MIN * (1 + jitter())), '185.220.1.9', 443)));
    const [a] = ofType(h, 'c2_beaconing');
    expect(a.description).toMatch(/^Device beaconing to sync-cdn\.top \(185\.220\.1\.9\):443 every 5 min \(30 connections/);
    expect(a.observed_destinations).toEqual(['sync-cdn.top', '185.220.1.9']);
  });

  it('leaves vendor heartbeats alone: named cloud, common port, during learning and once part of the baseline', () => {
    const h = harness();
    h.feed([{ ts: T0, kind: 'dns', entity_type: 'device', entity_id: 'dev_cam', device_id: 'dev_cam', query: 'mgmt.axis-cloud.com', answers: ['34.0.0.5'] }]);
    h.feed(routine('dev_cam', [{ ip: '34.0.0.5', port: 443 }], T0, 10, MIN));
    expect(ofType(h, 'c2_beaconing')).toHaveLength(0);
  });

  it('ignores irregular traffic to a rare address and shared services used by much of the fleet', () => {
    const h = harness();
    let seed = 11;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    let t = T0;
    h.feed(Array.from({ length: 100 }, () => flow('dev_a', (t += -Math.log(1 - rnd()) * 120_000), '198.51.100.77', 9001)));
    // Five devices beacon to the same bare-IP service on 8443: shared infrastructure, not a C2 candidate.
    for (const d of ['d1', 'd2', 'd3', 'd4', 'd5']) h.feed(Array.from({ length: 30 }, (_, i) => flow(d, T0 + i * MIN, '198.51.100.50', 8443)));
    expect(ofType(h, 'c2_beaconing').filter((a) => a.entity_id !== 'd1' && a.entity_id !== 'd2' && a.entity_id !== 'd3')).toHaveLength(0);
  });

  it('detects session-holding C2 (Meterpreter over HTTP/S): long, heavy sessions to a bare IP on an uncommon port', () => {
    const h = harness();
    const t = T0;
    const sessions: [number, number, number][] = [[0, 3517, 1386], [11_000, 687, 204_532], [12_000, 199_811, 504_788], [154_000, 57_422, 2608], [214_000, 74_252, 958_889]];
    h.feed(sessions.map(([dt, dur, bytes], i) => ({ ts: t + dt, kind: 'flow' as const, src_ip: '192.168.1.41', src_port: 51129 + i, dst_ip: '10.0.5.13', dst_port: 8080, proto: 'tcp', conn_state: 'SHR', duration_ms: dur, bytes_out: 0, bytes_in: bytes })));
    const [a] = ofType(h, 'c2_beaconing');
    expect(a).toMatchObject({ entity_id: '192.168.1.41', recommended_action: 'block_destination' });
    expect(a.description).toMatch(/^Host 192\.168\.1\.41 keeping a command-and-control style channel to 10\.0\.5\.13:8080: 5 sessions over 4 min, 6 min connected, 1\.7 MB moved/);
    expect(a.evidence).toMatchObject({ shape: 'sessions', sessions: 5 });
  });
});
