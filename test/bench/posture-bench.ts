// Posture benchmark: a 10,000-device fleet (plus users and workloads) with anomalies, intel hits,
// violations, baselines and millions of telemetry events on disk; times the full rescore, an
// incremental batch rescore, and the posture queries (device p50/p99, user, fleet with and without
// its compliance cache).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceRecordSchema, userRecordSchema, workloadRecordSchema } from '@shared/domain/inventory';
import { ManualClock } from '../../src-main/engine/clock';
import { dispatch } from '../../src-main/engine/dispatch';
import { Engine } from '../../src-main/engine/engine';
import { silentLogger } from '../../src-main/engine/log';
import type { BenchResult } from './report';

const DEVICES = 10_000;
const USERS = 2_000;
const WORKLOADS = 200;
const NOW = Date.UTC(2026, 4, 21, 9);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const actor = { type: 'cli' as const, id: 'bench' };
const iso = (ms: number) => new Date(ms).toISOString();

/** Deterministic pseudo-random numbers (mulberry32), so every run scores the same fleet. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const deviceId = (i: number) => `dev_${String(i).padStart(5, '0')}`;

function seedFleet(engine: Engine): void {
  const r = rng(42);
  const types = ['ip_camera', 'hvac_sensor', 'badge_reader', 'printer', 'workstation', 'laptop'] as const;
  engine.audit.record(actor, 'inventory.import', { devices: DEVICES, users: USERS, workloads: WORKLOADS }, () => {
    for (let i = 0; i < DEVICES; i++) {
      const x = r();
      engine.inventory.upsertDevice(deviceRecordSchema.parse({
        device_id: deviceId(i), device_type: types[i % types.length], manufacturer: 'Axis', firmware_version: '11.8.93',
        firmware_status: x < 0.05 ? 'eol' : x < 0.15 ? 'outdated' : 'current',
        trust_level: r() < 0.1 ? 'unverified' : r() < 0.02 ? 'untrusted' : 'verified',
        enrolled_at: r() < 0.05 ? undefined : iso(NOW - 300 * DAY),
        cert_expires_at: iso(NOW + (r() < 0.03 ? 5 : 365) * DAY),
        ip_addresses: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
        last_seen: iso(NOW - (r() < 0.04 ? 3 * DAY : 5 * 60_000)),
      }));
    }
    for (let u = 0; u < USERS; u++) {
      engine.inventory.upsertUser(userRecordSchema.parse({ user_id: `user${u}@acmecorp.com`, mfa_enrolled: r() > 0.2 }));
      for (let k = 0; k < 2; k++) engine.inventory.recordUserDevice(`user${u}@acmecorp.com`, deviceId(Math.floor(r() * DEVICES)), NOW - Math.floor(r() * 10) * DAY);
    }
    for (let w = 0; w < WORKLOADS; w++) engine.inventory.upsertWorkload(workloadRecordSchema.parse({ workload_id: `wl_${w}`, kind: 'container', ip_addresses: [`172.16.${w >> 8}.${w & 255}`] }));
  });

  const db = engine.db;
  db.transaction(() => {
    const baseline = db.prepare(`INSERT INTO baselines (entity_id, entity_type, first_data_at, last_data_at, established, established_at, hours_observed, avg_connections_per_hour, deviation_score, updated_at)
      VALUES (?, 'device', ?, ?, ?, ?, ?, ?, ?, ?)`);
    const dest = db.prepare('INSERT INTO entity_destinations (entity_id, destination, port, count, first_seen, last_seen) VALUES (?, ?, 443, ?, ?, ?)');
    for (let i = 0; i < DEVICES; i++) {
      const established = r() < 0.9;
      baseline.run(deviceId(i), NOW - 30 * DAY, NOW, established ? 1 : 0, established ? NOW - 20 * DAY : null, established ? 700 : 40, 1 + r() * 5, r() < 0.05 ? 0.3 + r() * 0.6 : r() * 0.08, NOW);
      for (let k = 0; k < 5; k++) dest.run(deviceId(i), `10.0.${k}.${i % 250}`, 1 + Math.floor(r() * 500), NOW - 20 * DAY, NOW);
    }
    const severities = ['low', 'medium', 'high', 'critical'] as const;
    const kinds = ['lateral_movement_attempt', 'new_external_destination', 'unexpected_offline', 'c2_beaconing', 'firmware_vulnerable', 'possible_exfiltration'] as const;
    const anomaly = db.prepare(`INSERT INTO anomalies (id, entity_type, entity_id, type, severity, confidence, detected_at, last_seen_at, description, recommended_action, status, dedupe_key)
      VALUES (?, 'device', ?, ?, ?, 0.9, ?, ?, 'bench', 'investigate', ?, ?)`);
    for (let a = 0; a < 600; a++) {
      const detected = NOW - Math.floor(r() * 48) * HOUR;
      anomaly.run(`ano_bench_${a}`, deviceId(Math.floor(r() * DEVICES)), kinds[a % kinds.length], severities[Math.floor(r() * 4)], detected, detected, r() < 0.7 ? 'open' : 'resolved', `bench:${a}`);
    }
    const hit = db.prepare(`INSERT INTO intel_hits (ts, indicator_id, reputation, field, value, entity_type, entity_id) VALUES (?, 1, ?, 'dst_ip', ?, 'device', ?)`);
    for (let h = 0; h < 400; h++) hit.run(NOW - Math.floor(r() * 10 * DAY), r() < 0.7 ? 'malicious' : 'suspicious', `185.234.47.${h % 50}`, deviceId(Math.floor(r() * DEVICES)));
    const violation = db.prepare(`INSERT INTO policy_violations (ts, entity_type, entity_id, policy_id) VALUES (?, 'device', ?, ?)`);
    for (let v = 0; v < 1500; v++) violation.run(NOW - Math.floor(r() * 2 * DAY), deviceId(Math.floor(r() * DEVICES)), `pol_${v % 7}`);
    db.prepare(`INSERT INTO intel_feeds (name, format, indicators, imported_at) VALUES ('feodo', 'csv', 1000, ?)`).run(NOW - DAY);
    db.prepare(`INSERT INTO incidents (id, title, severity, status, opened_at, updated_at) VALUES ('inc_1', 'bench', 'high', 'open', ?, ?)`).run(NOW - 5 * HOUR, NOW - 5 * HOUR);
  })();
}

/** Flow events spread over the devices and the last 7 days, generated inside SQLite in 500k-row transactions. */
function seedEvents(engine: Engine, count: number): void {
  const step = 500_000;
  const insert = engine.db.prepare(`WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)
    INSERT INTO events (ts, kind, entity_type, entity_id, src_ip, dst_ip, dst_port, proto, bytes_out, bytes_in)
    SELECT ? - (i * 7919) % (7 * 86400000), 'flow', 'device', printf('dev_%05d', i % ${DEVICES}), '10.0.0.1', printf('10.0.%d.%d', i % 5, i % 250), 443, 'tcp', 1200 + i % 900, 4000 + i % 3000 FROM n`);
  for (let start = 0; start < count; start += step) {
    engine.db.transaction(() => insert.run(start, Math.min(count, start + step) - 1, NOW))();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function timeQueries(n: number, call: (i: number) => unknown): { p50: number; p99: number } {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    call(i);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function runPostureBench(): Promise<BenchResult[]> {
  const events = Number(process.env.THREATMATIC_BENCH_POSTURE_EVENTS ?? 5_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'tm-bench-posture-'));
  const clock = new ManualClock(NOW);
  const engine = Engine.open({ dataDir: dir, clock, log: silentLogger });
  const results: BenchResult[] = [];
  try {
    seedFleet(engine);
    const t0 = performance.now();
    seedEvents(engine, events);
    const seedSeconds = (performance.now() - t0) / 1000;
    // Assessments happen after the inventory was written (a frozen clock would make every row look stale).
    clock.advance(60_000);

    let t = performance.now();
    const first = engine.posture.recomputeAll();
    const fullMs = performance.now() - t;
    t = performance.now();
    engine.posture.recomputeAll();
    const fullAgainMs = performance.now() - t;
    results.push({ name: `recomputeAll (${first.entities.toLocaleString('en-US')} entities, first run)`, value: fullMs, unit: 'ms', note: `${events.toLocaleString('en-US')} events on disk, seeded in ${seedSeconds.toFixed(1)} s` });
    results.push({ name: 'recomputeAll (unchanged fleet)', value: fullAgainMs, unit: 'ms' });

    const r = rng(7);
    const dirty = Array.from({ length: 1000 }, () => ({ type: 'device' as const, id: deviceId(Math.floor(r() * DEVICES)) }));
    t = performance.now();
    engine.posture.recompute(dirty);
    results.push({ name: 'recompute after a batch (1,000 dirty devices + their users + fleet)', value: performance.now() - t, unit: 'ms' });

    const ctx = { actor };
    const ids = Array.from({ length: 10_000 }, () => deviceId(Math.floor(r() * DEVICES)));
    const device = timeQueries(ids.length, (i) => dispatch(engine, 'posture.device', { device_id: ids[i] }, ctx));
    results.push({ name: 'get_device_posture p50 (random devices)', value: device.p50, unit: 'ms', target: '<= 1', met: device.p50 <= 1 });
    results.push({ name: 'get_device_posture p99', value: device.p99, unit: 'ms', target: '<= 5', met: device.p99 <= 5 });
    const user = timeQueries(2_000, (i) => dispatch(engine, 'posture.user', { user_id: `user${i % USERS}@acmecorp.com` }, ctx));
    results.push({ name: 'get_user_posture p50 / p99', value: user.p50, unit: 'ms', note: `p99 ${user.p99.toFixed(2)} ms` });

    const fleetCold = timeQueries(5, () => {
      engine.posture.compliance.invalidate();
      return dispatch(engine, 'posture.fleet', {}, ctx);
    });
    results.push({ name: 'get_fleet_posture, compliance re-evaluated (p50)', value: fleetCold.p50, unit: 'ms', target: '<= 20', met: fleetCold.p50 <= 20 });
    const fleetWarm = timeQueries(50, () => dispatch(engine, 'posture.fleet', {}, ctx));
    results.push({ name: 'get_fleet_posture, compliance cached for the batch (p50)', value: fleetWarm.p50, unit: 'ms', target: '<= 20', met: fleetWarm.p50 <= 20, note: `p99 ${fleetWarm.p99.toFixed(2)} ms` });
    const compliance = timeQueries(5, () => {
      engine.posture.compliance.invalidate();
      return dispatch(engine, 'compliance.state', {}, ctx);
    });
    results.push({ name: 'compliance.state, all three frameworks (p50)', value: compliance.p50, unit: 'ms' });
  } finally {
    engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
