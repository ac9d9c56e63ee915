// End to end through the real ingest and behaviour pipeline: telemetry marks entities dirty, the
// posture follows after the batch (coalesced, or at once on a query), and anomalies become factors.
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';
import { FLUSH_DELAY_MS } from '../../../src-main/engine/posture/update-queue';
import { addDevice, DAY, HOUR } from './fixtures';

const T0 = Date.UTC(2026, 4, 1);
const actor = { type: 'cli' as const, id: 'test' };
const usual = [{ ip: '10.1.0.2', port: 445 }, { ip: '10.1.0.3', port: 53 }, { ip: '52.96.0.10', port: 443 }];

function routine(days: number): TelemetryEvent[] {
  const out: TelemetryEvent[] = [];
  let i = 0;
  for (let t = T0; t < T0 + days * DAY; t += 5 * 60_000) {
    const d = usual[i++ % usual.length];
    out.push({ ts: t, kind: 'flow', device_id: 'dev_ws', src_ip: '10.1.0.10', dst_ip: d.ip, dst_port: d.port, proto: 'tcp', bytes_out: 2000, bytes_in: 8000, conn_state: 'SF' });
  }
  return out;
}

describe('posture after ingest', () => {
  it('rescores dirty devices after the batch and turns a lateral movement attempt into a factor', () => {
    const clock = new ManualClock(T0 + 8 * DAY + 2 * HOUR);
    const engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
    addDevice(engine, 'dev_ws', { device_type: 'workstation', ip_addresses: ['10.1.0.10'] });
    engine.posture.recomputeAll();
    const before = engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'posture.recompute'").pluck().get() as number;

    engine.ingest.ingestEvents(routine(8), { actor, sourceKey: 'routine', label: 'routine' });
    clock.advance(FLUSH_DELAY_MS);
    const after = engine.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'posture.recompute'").pluck().get() as number;
    expect(after).toBeGreaterThan(before);
    const calm = engine.posture.device('dev_ws');
    expect(calm.behavioral_baseline.established).toBe(true);
    expect(calm.risk_factors).not.toContain('lateral_movement_attempt');

    const t = T0 + 8 * DAY + HOUR;
    const fanout: TelemetryEvent[] = Array.from({ length: 14 }, (_, i) => ({
      ts: t + i * 5000, kind: 'flow', device_id: 'dev_ws', src_ip: '10.1.0.10', dst_ip: `10.1.2.${20 + i}`, dst_port: 445, proto: 'tcp', bytes_out: 0, bytes_in: 0, conn_state: 'S0',
    }));
    engine.ingest.ingestEvents(fanout, { actor, sourceKey: 'fanout', label: 'fanout' });
    // No wait: the query applies the pending update itself.
    const hit = engine.posture.device('dev_ws');
    expect(hit.factors.find((f) => f.factor === 'lateral_movement_attempt')).toMatchObject({ dimension: 'behavior', points: -60 });
    expect(hit.open_anomalies).toBe(1);
    expect(hit.score).toBeLessThan(calm.score - 5);
    const change = engine.events.read(0, { filter: { event_type: 'posture_change', entity_id: 'dev_ws' } }).events.at(-1);
    expect(change?.data).toMatchObject({ score: hit.score, risk_factors: expect.arrayContaining(['lateral_movement_attempt']) });
    engine.close();
  });
});
