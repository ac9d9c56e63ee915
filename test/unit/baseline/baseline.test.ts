// Baselines: established after the learning period of data time, the behavioral_baseline object of the
// spec, the deviation score, and persistence across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MIN, T0, flow, harness, routine } from '../detect/harness';

const camera = [{ ip: '34.0.0.5', port: 443 }, { ip: '10.0.2.5', port: 8443 }];

describe('baselines', () => {
  it('learns for 7 days of data time, then reports the spec object with names for known destinations', () => {
    const h = harness();
    h.feed([{ ts: T0, kind: 'dns', entity_type: 'device', entity_id: 'dev_cam', device_id: 'dev_cam', query: 'mgmt.axis-cloud.com', answers: ['34.0.0.5', 'mgmt-cdn.axis.example'] }]);
    h.feed(routine('dev_cam', camera, T0, 6.5, 30 * MIN));
    expect(h.pipeline.behavioralBaseline('dev_cam')).toEqual({ established: false, established_at: null, avg_connections_per_hour: 2, known_destinations: ['mgmt.axis-cloud.com', '10.0.2.5'], deviation_score: 0 });
    h.feed(routine('dev_cam', camera, T0 + 6.5 * DAY, 1, 30 * MIN));
    const b = h.pipeline.behavioralBaseline('dev_cam');
    expect(Object.keys(b)).toEqual(['established', 'established_at', 'avg_connections_per_hour', 'known_destinations', 'deviation_score']);
    expect(b).toMatchObject({ established: true, established_at: new Date(T0 + 7 * DAY).toISOString(), avg_connections_per_hour: 2, known_destinations: ['mgmt.axis-cloud.com', '10.0.2.5'] });
    expect(b.deviation_score).toBeLessThan(0.05);
    expect(h.pipeline.behavioralBaseline('dev_nobody')).toEqual({ established: false, established_at: null, avg_connections_per_hour: 0, known_destinations: [], deviation_score: 0 });
    // The open hour and the baseline row are written on ticks (and at close); closed hours per batch.
    h.pipeline.tick();
    const row = h.db.prepare('SELECT established, hours_observed, avg_connections_per_hour, ports, avg_heartbeat_interval_s FROM baselines WHERE entity_id = ?').get('dev_cam') as Record<string, number | string>;
    expect(row).toMatchObject({ established: 1, avg_connections_per_hour: 2, ports: '[443,8443]' });
    expect(Math.abs((row.avg_heartbeat_interval_s as number) - 1800)).toBeLessThan(10);
    expect(row.hours_observed).toBeGreaterThanOrEqual(180);
    const hourly = h.db.prepare('SELECT COUNT(*) AS hours, SUM(connections) AS conns FROM entity_hourly WHERE entity_id = ?').get('dev_cam') as { hours: number; conns: number };
    expect(hourly.conns).toBe(2 * 24 * 7.5);
  });

  it('raises the deviation score when the last hours depart from the baseline, and lowers it again', () => {
    const h = harness();
    h.feed(routine('dev_cam', camera, T0, 8, 30 * MIN));
    const t = T0 + 8 * DAY;
    h.feed(Array.from({ length: 120 }, (_, i) => flow('dev_cam', t + i * 20_000, `203.0.113.${i % 60}`, 443)));
    const high = h.pipeline.behavioralBaseline('dev_cam').deviation_score;
    expect(high).toBeGreaterThan(0.9);
    h.feed(routine('dev_cam', camera, t + HOUR, 0.5, 30 * MIN));
    expect(h.pipeline.behavioralBaseline('dev_cam').deviation_score).toBeLessThan(0.1);
    const stored = h.db.prepare('SELECT deviation_score FROM baselines WHERE entity_id = ?').pluck().get('dev_cam') as number;
    expect(stored).toBe(h.pipeline.behavioralBaseline('dev_cam').deviation_score);
  });

  it('survives a restart: baselines, destinations and DNS names load back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-baseline-'));
    try {
      const h = harness({}, join(dir, 'db.sqlite'));
      h.feed([{ ts: T0, kind: 'dns', entity_type: 'device', entity_id: 'dev_cam', device_id: 'dev_cam', query: 'mgmt.axis-cloud.com', answers: ['34.0.0.5'] }]);
      h.feed(routine('dev_cam', camera, T0, 8, 30 * MIN));
      const before = h.pipeline.behavioralBaseline('dev_cam');
      h.reopen();
      expect(h.pipeline.behavioralBaseline('dev_cam')).toEqual(before);
      expect(h.pipeline.watermark).toBe(T0 + 8 * DAY - 30 * MIN);
      const counts = h.db.prepare('SELECT destination, count FROM entity_destinations WHERE entity_id = ? ORDER BY destination').all('dev_cam');
      expect(counts).toEqual([{ destination: '10.0.2.5', count: 192 }, { destination: '34.0.0.5', count: 192 }]);
      // Known destinations stay known: no lateral or new-destination noise after the restart.
      h.feed(routine('dev_cam', camera, T0 + 8 * DAY, 0.5, 30 * MIN));
      expect(h.anomalies.list({ status: 'all' }).total).toBe(0);
      h.db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
