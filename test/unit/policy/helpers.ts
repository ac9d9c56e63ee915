// Shared by the policy tests: an in-memory engine on a manual clock with a small inventory, calls
// through dispatch as an MCP agent with chosen scopes, and table snapshots to prove nothing changed.
import { deviceRecordSchema, userRecordSchema, workloadRecordSchema } from '@shared/domain/inventory';
import type { Actor } from '@shared/domain/actor';
import type { Scope } from '@shared/domain/enums';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock } from '../../../src-main/engine/clock';
import { dispatch, type CallContext } from '../../../src-main/engine/dispatch';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

export const T0 = Date.UTC(2026, 4, 21, 9);
export const MIN = 60_000;
export const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
export const iso = (ms: number) => new Date(ms).toISOString();

export const AGENT: Actor = { type: 'mcp_agent', id: 'key_01TEST', name: 'claude-desktop' };
export const ctx = (...scopes: Scope[]): CallContext => ({ actor: AGENT, scopes });
const ADMIN = ctx('admin');

export interface Fleet { engine: Engine; clock: ManualClock }

/** Two workstations, a camera, a workload and two users; sarah logged in on her workstation. */
export function openFleet(): Fleet {
  const clock = new ManualClock(T0);
  const engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
  const device = (device_id: string, ip: string, device_type = 'workstation') =>
    engine.inventory.upsertDevice(deviceRecordSchema.parse({ device_id, device_type, ip_addresses: [ip], trust_level: 'verified', enrolled_at: iso(T0 - 100 * DAY) }));
  engine.db.transaction(() => {
    device('dev_workstation_sarah_k', '10.0.1.20');
    device('dev_workstation_tom_b', '10.0.1.21');
    device('dev_camera_floor3_east', '10.0.2.30', 'ip_camera');
    engine.inventory.upsertWorkload(workloadRecordSchema.parse({ workload_id: 'wl_api', kind: 'server', ip_addresses: ['10.0.5.10'] }));
    engine.inventory.upsertUser(userRecordSchema.parse({ user_id: 'sarah.k@acmecorp.com', mfa_enrolled: true }));
    engine.inventory.upsertUser(userRecordSchema.parse({ user_id: 'tom.b@acmecorp.com', mfa_enrolled: false }));
    engine.inventory.recordUserDevice('sarah.k@acmecorp.com', 'dev_workstation_sarah_k', T0 - HOUR);
  })();
  return { engine, clock };
}

/** Calls one operation through dispatch; results are loosely typed so tests read them like JSON. */
export function call<T = any>(engine: Engine, op: string, input: unknown, c: CallContext = ADMIN): T {
  return dispatch(engine, op, input, c) as T;
}

/**
 * What a call can change, to compare before and after a refused one. The audit log's refusal entries are
 * left out: a refused call is recorded (refusalsSince says what), everything else must stay as it was.
 */
export function snapshot(engine: Engine): Record<string, unknown[]> {
  const tables = ['policies', 'policy_versions', 'device_isolations', 'enforcement_deliveries', 'policy_violations', 'event_log', 'audit_log', 'settings'];
  const sql = (t: string) => (t === 'audit_log' ? "SELECT * FROM audit_log WHERE outcome NOT IN ('error', 'denied')" : `SELECT * FROM ${t}`);
  return Object.fromEntries(tables.map((t) => [t, (engine.db.prepare(sql(t)).all() as unknown[]).map((r) => JSON.stringify(r)).sort()]));
}

/** The refusals recorded after audit entry `seq`: action, outcome and the error code. */
export function refusalsSince(engine: Engine, seq: number): { action: string; outcome: string; code: string }[] {
  const rows = engine.db.prepare("SELECT action, outcome, detail FROM audit_log WHERE seq > ? AND outcome IN ('error', 'denied') ORDER BY seq").all(seq) as { action: string; outcome: string; detail: string }[];
  return rows.map((r) => ({ action: r.action, outcome: r.outcome, code: (JSON.parse(r.detail) as { code: string }).code }));
}

export const auditHead = (engine: Engine): number => engine.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_log').pluck().get() as number;

export function policyEvents(engine: Engine): { action: string; policy_id: string; target: unknown; reason: unknown; entity_id: string | null }[] {
  return engine.events.read(0, { limit: 1000, filter: { event_type: 'policy' } }).events.map((e) => ({ ...(e.data as { action: string; policy_id: string; target: unknown; reason: unknown }), entity_id: e.entity_id }));
}

export function auditRows(engine: Engine, action: string): { actor_type: string; actor_id: string; actor_name: string | null; params: string; outcome: string; detail: string | null }[] {
  return engine.db.prepare('SELECT * FROM audit_log WHERE action = ? ORDER BY seq').all(action) as never;
}

let seq = 0;
/** Ingests crafted events as one source (each call a new source). */
export function ingest(engine: Engine, events: TelemetryEvent[]): void {
  engine.ingest.ingestEvents(events, { actor: { type: 'cli', id: 'policy-test' }, sourceKey: `policy-test-${++seq}-${Math.random()}`, label: 'crafted' });
}

export const count = (engine: Engine, sql: string, ...params: unknown[]) => engine.db.prepare(sql).pluck().get(...params) as number;

