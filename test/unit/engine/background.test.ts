// A long-running process (serve, desktop app, stdio MCP) keeps the engine current on its own: blocks
// expire on time, silent devices are noticed and posture history grows without anyone asking. Every timer
// runs on the engine's ManualClock here: the tests advance it, never wait for it.
import { afterEach, describe, expect, it } from 'vitest';
import { deviceRecordSchema } from '@shared/domain/inventory';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock } from '../../../src-main/engine/clock';
import { BACKGROUND_TICK_MS, Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 1);
const analyst = { type: 'analyst', id: 'local' } as const;

let engine: Engine | undefined;
afterEach(() => engine?.close());

function heartbeats(id: string, from: number, to: number): TelemetryEvent[] {
  const out: TelemetryEvent[] = [];
  for (let t = from; t < to; t += MIN) out.push({ ts: t, kind: 'heartbeat', device_id: id });
  return out;
}

describe('engine background', () => {
  it('notices a device that went silent, on the clock, with detectors on', () => {
    const clock = new ManualClock(T0);
    engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
    engine.db.transaction(() => engine!.inventory.upsertDevice(deviceRecordSchema.parse({ device_id: 'dev_sensor', device_type: 'hvac_sensor' })))();
    const end = T0 + 8 * DAY;
    clock.set(end);
    engine.ingest.ingestEvents(heartbeats('dev_sensor', T0, end), { actor: analyst, sourceKey: 'test', label: 'heartbeats' });
    const offline = () => engine!.db.prepare("SELECT COUNT(*) FROM anomalies WHERE type = 'unexpected_offline'").pluck().get() as number;
    expect(offline()).toBe(0);
    clock.set(end + 40 * MIN);
    engine.startBackground({ detectors: true });
    clock.advance(BACKGROUND_TICK_MS - 1);
    expect(offline()).toBe(0);
    clock.advance(1);
    expect(offline()).toBe(1);
    // Closed: its ticks no longer run, and nothing of the engine is left scheduled.
    engine.close();
    expect(clock.scheduled).toBe(0);
  });

  it('leaves the detectors to the hosting process when asked, but still expires blocks on time', () => {
    const clock = new ManualClock(T0);
    engine = Engine.open({ dbPath: ':memory:', clock, log: testLogger });
    const block = engine.policy.blockDestination({ destination: '185.234.47.21', expires_at: new Date(T0 + 10 * MIN).toISOString(), reason: 'c2' }, analyst);
    clock.set(T0 + 11 * MIN);
    engine.startBackground({ detectors: false });
    // The first expiry sweep runs as the background starts.
    const status = () => engine!.policy.get(block.policy_id!).status;
    expect(status()).toBe('expired');
    // Then on the sweep's period: a block that expires later lapses at the first sweep after its time.
    const later = engine.policy.blockDestination({ destination: '185.234.47.22', expires_at: new Date(T0 + 12 * MIN).toISOString(), reason: 'c2' }, analyst);
    clock.advance(MIN - 1);
    expect(engine.policy.get(later.policy_id!).status).toBe('active');
    clock.advance(1);
    expect(engine.policy.get(later.policy_id!).status).toBe('expired');
  });
});
