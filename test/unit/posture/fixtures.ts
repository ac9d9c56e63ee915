// Crafted fleet state for posture and compliance tests: an in-memory engine on a manual clock, and
// helpers that write inventory, baselines, anomalies, intel hits, violations and incidents.
import { deviceRecordSchema, userRecordSchema, workloadRecordSchema, type DeviceRecord } from '@shared/domain/inventory';
import type { AnomalyStatus, EntityType, RecommendedAction, Severity } from '@shared/domain/enums';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import type { Logger } from '../../../src-main/engine/log';
import { testLogger } from '../../support/test-logger';

export const T0 = Date.UTC(2026, 4, 21, 9);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

export function openEngine(log: Logger = testLogger): { engine: Engine; clock: ManualClock } {
  const clock = new ManualClock(T0);
  return { engine: Engine.open({ dbPath: ':memory:', clock, log }), clock };
}

/** A device with nothing against it: verified, enrolled, certificate valid for a year, current firmware. */
export function addDevice(engine: Engine, device_id: string, over: Partial<Record<keyof DeviceRecord, unknown>> = {}): void {
  const now = engine.clock.now();
  const record = deviceRecordSchema.parse({
    device_id, device_type: 'ip_camera', manufacturer: 'Axis', firmware_version: '11.8.93', firmware_status: 'current',
    enrolled_at: iso(now - 200 * DAY), trust_level: 'verified', cert_expires_at: iso(now + 365 * DAY), last_seen: iso(now - 60_000), ...over,
  });
  engine.db.transaction(() => engine.inventory.upsertDevice(record))();
}

export function addUser(engine: Engine, user_id: string, over: Record<string, unknown> = {}): void {
  engine.db.transaction(() => engine.inventory.upsertUser(userRecordSchema.parse({ user_id, display_name: user_id, mfa_enrolled: true, ...over })))();
}

export function addWorkload(engine: Engine, workload_id: string, over: Record<string, unknown> = {}): void {
  engine.db.transaction(() => engine.inventory.upsertWorkload(workloadRecordSchema.parse({ workload_id, kind: 'server', ...over })))();
  engine.inventory.touch({ type: 'workload', id: workload_id }, engine.clock.now() - 60_000);
}

export function userOnDevice(engine: Engine, user_id: string, device_id: string, ts = engine.clock.now()): void {
  engine.inventory.recordUserDevice(user_id, device_id, ts);
}

export function addBaseline(engine: Engine, entity_id: string, o: { type?: EntityType; established?: boolean; deviation?: number; hours?: number } = {}): void {
  const now = engine.clock.now();
  engine.db.prepare(`INSERT INTO baselines (entity_id, entity_type, first_data_at, last_data_at, established, established_at, hours_observed, avg_connections_per_hour, deviation_score, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 2.1, ?, ?) ON CONFLICT(entity_id) DO UPDATE SET established = excluded.established, established_at = excluded.established_at,
    hours_observed = excluded.hours_observed, deviation_score = excluded.deviation_score`)
    .run(entity_id, o.type ?? 'device', now - 30 * DAY, now, (o.established ?? true) ? 1 : 0, (o.established ?? true) ? now - 20 * DAY : null, o.hours ?? 600, o.deviation ?? 0.04, now);
}

/** A healthy device with an established baseline: posture 100. */
export function addHealthyDevice(engine: Engine, id: string, over: Partial<Record<keyof DeviceRecord, unknown>> = {}): void {
  addDevice(engine, id, over);
  addBaseline(engine, id);
}

let anomalySeq = 0;
export function addAnomaly(engine: Engine, entity_id: string, o: { type?: string; severity?: Severity; status?: AnomalyStatus; detected_at?: number; action?: RecommendedAction; entity_type?: EntityType; incident_id?: string; status_changed_at?: number } = {}): string {
  const id = `ano_test_${++anomalySeq}`;
  const detected = o.detected_at ?? engine.clock.now() - HOUR;
  engine.db.prepare(`INSERT INTO anomalies (id, entity_type, entity_id, type, severity, confidence, detected_at, last_seen_at, description, recommended_action, status, status_changed_at, incident_id, dedupe_key)
    VALUES (?, ?, ?, ?, ?, 0.9, ?, ?, 'test anomaly', ?, ?, ?, ?, ?)`)
    .run(id, o.entity_type ?? 'device', entity_id, o.type ?? 'lateral_movement_attempt', o.severity ?? 'critical', detected, detected, o.action ?? 'isolate', o.status ?? 'open', o.status_changed_at ?? null, o.incident_id ?? null, id);
  return id;
}

export function setAnomalyStatus(engine: Engine, id: string, status: AnomalyStatus): void {
  engine.db.prepare('UPDATE anomalies SET status = ?, status_changed_at = ? WHERE id = ?').run(status, engine.clock.now(), id);
}

export function addIntelHit(engine: Engine, entity_id: string, value: string, o: { reputation?: 'malicious' | 'suspicious'; ts?: number } = {}): void {
  engine.db.prepare(`INSERT INTO intel_hits (ts, indicator_id, reputation, field, value, entity_type, entity_id) VALUES (?, 1, ?, 'dst_ip', ?, 'device', ?)`)
    .run(o.ts ?? engine.clock.now() - HOUR, o.reputation ?? 'malicious', value, entity_id);
}

export function addViolation(engine: Engine, entity_id: string, policy_id: string, ts = engine.clock.now() - HOUR): void {
  engine.db.prepare(`INSERT INTO policy_violations (ts, entity_type, entity_id, policy_id) VALUES (?, 'device', ?, ?)`).run(ts, entity_id, policy_id);
}

export function addIncident(engine: Engine, id: string, o: { severity?: Severity; status?: 'open' | 'contained' | 'closed'; opened_at?: number; updated_at?: number } = {}): void {
  const opened = o.opened_at ?? engine.clock.now() - HOUR;
  engine.db.prepare(`INSERT INTO incidents (id, title, severity, status, opened_at, updated_at) VALUES (?, 'test incident', ?, ?, ?, ?)`)
    .run(id, o.severity ?? 'critical', o.status ?? 'open', opened, o.updated_at ?? opened);
}

export function addFeed(engine: Engine, name: string, imported_at = engine.clock.now() - DAY): void {
  engine.db.prepare(`INSERT INTO intel_feeds (name, format, indicators, imported_at) VALUES (?, 'csv', 10, ?)`).run(name, imported_at);
}

export const device = (id: string) => ({ type: 'device' as const, id });
