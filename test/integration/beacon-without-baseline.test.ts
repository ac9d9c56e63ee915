// C2 without a baseline: a one-hour capture (canonical JSONL through the real ingest path) in which a
// workstation browses as people do and, among it, checks in every 60 s ±10% on port 443, to a named
// host and to a bare address. Both beacons are found within the hour by the RITA-style score; the
// browsing, a camera whose only traffic is its vendor heartbeat, and irregular traffic to a rare site are not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { toCanonicalLine } from '../../src-main/engine/telemetry/canonical';
import { actor, openEngine, tempDir } from '../unit/ingest/helpers';

const START = Date.UTC(2026, 4, 21, 9);
const HOUR = 3_600_000;

function capture(): TelemetryEvent[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const evs: TelemetryEvent[] = [];
  const flow = (ts: number, src: string, dst: string, bytes: number, duration = 300): TelemetryEvent =>
    ({ ts, kind: 'flow', src_ip: src, src_port: 40000 + Math.floor(rnd() * 20000), dst_ip: dst, dst_port: 443, proto: 'tcp', bytes_out: bytes, bytes_in: bytes * 4, duration_ms: duration, conn_state: 'SF' });
  const dns = (ts: number, src: string, name: string, ip: string): TelemetryEvent => ({ ts, kind: 'dns', src_ip: src, dst_ip: '10.20.0.2', dst_port: 53, proto: 'udp', query: name, answers: [ip], rcode: 'NOERROR' });
  // Browsing: 40 sites, visits arriving at random (Poisson, one every ~25 s), each a burst of a few connections of varied size.
  const sites = Array.from({ length: 40 }, (_, i) => ({ name: `site${i}.example.org`, ip: `203.0.113.${10 + i}` }));
  for (const s of sites) evs.push(dns(START, '10.20.0.15', s.name, s.ip));
  for (let t = START; t < START + HOUR; t += -Math.log(1 - rnd()) * 25_000) {
    const s = sites[Math.floor(rnd() * rnd() * sites.length)];
    const n = 1 + Math.floor(rnd() * 5);
    for (let k = 0; k < n; k++) evs.push(flow(t + k * 150, '10.20.0.15', s.ip, 300 + Math.floor(rnd() * 40_000), 200 + Math.floor(rnd() * 20_000)));
  }
  // The beacons: every 60 s ±10%, about 360 bytes a check-in, from 12 minutes into the capture.
  evs.push(dns(START + 11 * 60_000, '10.20.0.15', 'cdn-sync.example.net', '198.51.100.77'));
  for (let t = START + 12 * 60_000; t < START + HOUR; t += 60_000 * (0.9 + 0.2 * rnd())) evs.push(flow(t, '10.20.0.15', '198.51.100.77', 350 + Math.floor(rnd() * 20)));
  for (let t = START + 5 * 60_000; t < START + HOUR; t += 60_000 * (0.9 + 0.2 * rnd())) evs.push(flow(t, '10.20.0.16', '192.0.2.200', 410 + Math.floor(rnd() * 10)));
  // Host .16 browses a little too.
  for (let t = START; t < START + HOUR; t += -Math.log(1 - rnd()) * 40_000) evs.push(flow(t, '10.20.0.16', sites[Math.floor(rnd() * 10)].ip, 500 + Math.floor(rnd() * 9000)));
  // A camera whose only traffic is its vendor's heartbeat, every 60 s: its job, not a beacon to report.
  evs.push(dns(START, '10.20.0.40', 'events.camvendor.example', '198.51.100.5'));
  for (let t = START; t < START + HOUR; t += 60_000) evs.push(flow(t, '10.20.0.40', '198.51.100.5', 220));
  // A person on a rare site now and then: irregular.
  for (let t = START; t < START + HOUR; t += -Math.log(1 - rnd()) * 90_000) evs.push(flow(t, '10.20.0.17', '203.0.113.200', 200 + Math.floor(rnd() * 5000)));
  return evs.sort((a, b) => a.ts - b.ts);
}

describe('C2 beaconing without a baseline', () => {
  it('finds 60 s ±10% beacons on port 443 in a one-hour capture, to a named host and to a bare address, and nothing else', async () => {
    const engine = openEngine();
    try {
      const file = join(tempDir(), 'one-hour.jsonl');
      writeFileSync(file, capture().map(toCanonicalLine).join('\n'));
      await engine.ingest.ingestFile(file, { actor });
      const c2 = engine.anomalies.list({ status: 'all', limit: 100 }).anomalies.filter((a) => a.type === 'c2_beaconing');
      expect(c2.map((a) => [a.entity_id, a.observed_destinations.at(-1)]).sort()).toEqual([['10.20.0.15', '198.51.100.77'], ['10.20.0.16', '192.0.2.200']]);
      const named = c2.find((a) => a.entity_id === '10.20.0.15')!;
      expect(named.description).toMatch(/^Host 10\.20\.0\.15 beaconing to cdn-sync\.example\.net \(198\.51\.100\.77\):443 every (59|60|61) s \(\d+ connections over \d+ min, beacon score 0\.\d\d: intervals 0\.\d\d, sizes 0\.\d\d, persistence 1\.00\)$/);
      expect(named.evidence.shape).toBe('scored');
      // Found within the capture, about 20 check-ins after the beacon began at 09:12.
      const detected = Date.parse(named.detected_at);
      expect(detected).toBeGreaterThan(START + 12 * 60_000);
      expect(detected - (START + 12 * 60_000)).toBeLessThanOrEqual(25 * 60_000);
      // Nothing else of any kind on this capture: browsing, the camera's heartbeat and the irregular site raise nothing.
      expect(engine.anomalies.list({ status: 'all', limit: 100 }).anomalies.filter((a) => a.type !== 'c2_beaconing')).toEqual([]);
    } finally {
      engine.close();
    }
  });
});
