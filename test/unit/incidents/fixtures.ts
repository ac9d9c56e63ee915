// Crafted anomalies for the incident tests: an in-memory engine on a manual clock, devices with
// addresses (so a lateral movement's destinations resolve to them), and findings reported through the
// real anomaly store, so grouping runs exactly as it does during ingest.
import { deviceRecordSchema } from '@shared/domain/inventory';
import type { Finding } from '../../../src-main/engine/anomalies/types';
import type { Anomaly } from '../../../src-main/engine/anomalies/types';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

export const T0 = Date.UTC(2026, 4, 21, 9);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const analyst = { type: 'analyst' as const, id: 'sam', name: 'Sam Analyst' };

export function openEngine(): { engine: Engine; clock: ManualClock } {
  const clock = new ManualClock(T0 + DAY);
  return { engine: Engine.open({ dbPath: ':memory:', clock, log: testLogger }), clock };
}

export function addDevices(engine: Engine, devices: Record<string, string>): void {
  engine.db.transaction(() => {
    for (const [device_id, ip] of Object.entries(devices)) {
      engine.inventory.upsertDevice(deviceRecordSchema.parse({ device_id, device_type: 'workstation', firmware_status: 'current', trust_level: 'verified', ip_addresses: [ip] }));
    }
  })();
}

export function finding(entity_id: string, o: Partial<Finding> = {}): Finding {
  return {
    entity_type: 'device', entity_id, type: 'c2_beaconing', severity: 'high', confidence: 0.9, detected_at: T0,
    description: `test finding on ${entity_id}`, recommended_action: 'investigate', observed_destinations: [], evidence: {}, ...o,
  };
}

/** Reports a finding and returns the anomaly as stored afterwards (with its incident link). */
export function report(engine: Engine, f: Finding): Anomaly {
  return engine.anomalies.get(engine.anomalies.report(f).anomaly.id)!;
}

export const lateral = (from: string, hosts: string[], at: number, o: Partial<Finding> = {}): Finding =>
  finding(from, {
    type: 'lateral_movement_attempt', severity: 'critical', detected_at: at, last_seen_at: at + 5 * 60_000, recommended_action: 'isolate',
    description: `Device attempting connections to ${hosts.length} internal hosts not in its baseline`, observed_destinations: hosts,
    evidence: { pattern: 'internal_fanout', hosts: hosts.length }, ...o,
  });

export function auditActions(engine: Engine, action: string): { actor_type: string; actor_id: string; params: string; detail: string | null }[] {
  return engine.db.prepare('SELECT actor_type, actor_id, params, detail FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor_type: string; actor_id: string; params: string; detail: string | null }[];
}
