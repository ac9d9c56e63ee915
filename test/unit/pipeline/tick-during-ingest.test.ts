// A long-running process's time-driven checks while another process ingests into the same data folder:
// the tick leaves them to the ingest (no reload of the whole fleet per tick, which at a million events
// blocked serve's event loop for seconds), and runs them at the first tick after the ingest ended.
import { describe, expect, it } from 'vitest';
import type { TelemetryEvent } from '@shared/domain/telemetry';
import { ManualClock, systemScheduler } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { IngestLock } from '../../../src-main/engine/ingest/ingest-lock';
import { testLogger } from '../../support/test-logger';
import { fleet } from '../../fixtures/ingest/generate-canonical';
import { actor, tempDir } from '../ingest/helpers';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 4, 1);
const END = T0 + 8 * DAY;

/** A sensor that reported every minute for eight days, then fell silent. */
function heartbeats(): TelemetryEvent[] {
  const out: TelemetryEvent[] = [];
  for (let t = T0; t < END; t += MIN) out.push({ ts: t, kind: 'heartbeat', device_id: 'dev_sensor' });
  return out;
}

function open(dir: string, clock: ManualClock): Engine {
  return Engine.open({ dataDir: dir, clock, log: testLogger });
}

describe('the pipeline tick while another process ingests', () => {
  it('runs no check and reloads nothing until that ingest ends, then finds the silence', () => {
    const dir = tempDir('tm-tick-');
    const clock = new ManualClock(END + 40 * MIN);
    const writer = open(dir, clock);
    writer.audit.record(actor, 'inventory.import', {}, () => writer.inventory.upsertDevice({ ...fleet(1)[0], device_id: 'dev_sensor' }));
    const console = open(dir, clock);
    // The other process's ingest: its lock, and data it commits while it holds it.
    const other = new IngestLock(`${writer.dbPath}.ingest-lock`, systemScheduler).tryAcquire();
    expect(other).not.toBeNull();
    writer.ingest.ingestEvents(heartbeats(), { actor, sourceKey: 'heartbeats', label: 'sensor heartbeats' });
    expect(console.ingest.runningElsewhere()).toBe(true);
    expect(console.pipeline.tick()).toEqual({ dirty: [], anomalies: [], watermark: 0 });
    // Nothing was reloaded: the console still holds no baseline of the sensor.
    expect(console.pipeline.baselines.peek('device', 'dev_sensor')).toBeUndefined();

    other!.release();
    expect(console.ingest.runningElsewhere()).toBe(false);
    const out = console.pipeline.tick();
    expect(out.anomalies.map((a) => [a.type, a.entity_id])).toEqual([['unexpected_offline', 'dev_sensor']]);
    expect(console.pipeline.baselines.peek('device', 'dev_sensor')?.events).toBe(heartbeats().length);
    console.close();
    writer.close();
  });

  it('does not count this process\'s own ingest as another\'s, and leaves a free lock free', () => {
    const dir = tempDir('tm-tick-lock-');
    const path = `${dir}/x.ingest-lock`;
    const mine = new IngestLock(path, systemScheduler);
    const held = mine.tryAcquire();
    expect(mine.heldElsewhere()).toBe(false);
    const theirs = new IngestLock(path, systemScheduler);
    expect(theirs.heldElsewhere()).toBe(true);
    held!.release();
    expect(theirs.heldElsewhere()).toBe(false);
    // The look released what it took: another ingest takes the lock at once.
    const next = mine.tryAcquire();
    expect(next).not.toBeNull();
    next!.release();
  });
});
