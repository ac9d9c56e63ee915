// The demo fleet behaves like a fleet: while a console host runs on the demo data, the simulator keeps the
// same fleet reporting on the engine's clock (here a manual one, moved a minute per background tick), so
// after 15 and 30 minutes, and after a pause of almost 3 hours, the demo shows the injected attacks and nothing
// falsely silent; and a restart continues the same telemetry, event for event.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src-main/engine/clock';
import { Engine } from '../../src-main/engine/engine';
import { testLogger } from '../support/test-logger';
import { seedDemoFleet } from '../../src-main/engine/simulate/demo';
import { LIVE_SLOT_MS } from '../../src-main/engine/simulate/live-demo';
import { tempDir } from '../unit/ingest/helpers';

const MIN = 60_000;
/** 37 minutes past the hour: the seeded window ends at the hour, so the demo starts 37 minutes behind the clock. */
const START = Date.UTC(2026, 4, 21, 9, 37);
const actor = { type: 'cli' as const, id: 'demo-test' };
/** Far beyond the test: the background interval never fires; the test drives backgroundTick itself. */
const NEVER = 2_000_000_000;

function open(dir: string, clock: ManualClock): Engine {
  return Engine.open({ dataDir: dir, clock, log: testLogger });
}

function runMinutes(engine: Engine, clock: ManualClock, minutes: number): void {
  for (let m = 0; m < minutes; m++) {
    clock.advance(MIN);
    engine.backgroundTick();
  }
}

const openAnomalies = (engine: Engine) => engine.anomalies.list({ status: 'open', limit: 1000 }).anomalies;
/** Every unexpected_offline ever reported, resolved ones included: a false silence that came and went counts too. */
const offlineEver = (engine: Engine) => engine.anomalies.list({ status: 'all', limit: 1000 }).anomalies.filter((a) => a.type === 'unexpected_offline').map((a) => a.entity_id);
const activeIncidents = (engine: Engine) => [...engine.incidents.list({ status: 'open', limit: 1000 }).incidents, ...engine.incidents.list({ status: 'contained', limit: 1000 }).incidents];
const eventDigest = (engine: Engine) => engine.db.prepare('SELECT COUNT(*) AS n, SUM(ts % 1000003) AS t, MAX(ts) AS last FROM events').get();

describe('live demo fleet', () => {
  it('left running 30 minutes shows the injected attacks and nothing falsely silent', () => {
    const clock = new ManualClock(START);
    const engine = open(tempDir('tm-demo-'), clock);
    try {
      const seeded = seedDemoFleet(engine, { actor })!;
      const silentVictim = seeded.attacks.find((a) => a.attack === 'device-silent')!.entity_id;
      engine.startBackground({ detectors: true, tickMs: NEVER });
      const atStart = { anomalies: openAnomalies(engine).map((a) => a.id).sort(), incidents: activeIncidents(engine).map((i) => i.id).sort() };
      expect(atStart.incidents.length).toBeGreaterThanOrEqual(seeded.attacks.length);

      for (const minutes of [15, 15]) {
        runMinutes(engine, clock, minutes);
        // Only the device the device-silent attack silenced is offline: no storm, no outage.
        expect(offlineEver(engine)).toEqual([silentVictim]);
        expect(activeIncidents(engine).map((i) => i.id).sort()).toEqual(atStart.incidents);
        expect(openAnomalies(engine).map((a) => a.id).sort()).toEqual(atStart.anomalies);
      }
      // Paused for almost 3 hours (the app closed, the machine asleep): the fleet catches up over two ticks,
      // and nothing reads as silent or as a collector outage meanwhile (after the first tick the data is
      // within the live window yet still 55 minutes behind the clock).
      clock.advance(172 * MIN);
      runMinutes(engine, clock, 10);
      expect(offlineEver(engine)).toEqual([silentVictim]);
      expect(activeIncidents(engine).map((i) => i.id).sort()).toEqual(atStart.incidents);
      // The fleet is current: telemetry up to the last whole slot has arrived.
      const newest = engine.db.prepare('SELECT MAX(ts) FROM events').pluck().get() as number;
      expect(clock.now() - newest).toBeLessThan(LIVE_SLOT_MS + MIN);
      const fleet = engine.posture.fleet();
      expect(fleet.active_incidents).toBe(atStart.incidents.length);
      expect(fleet.band_counts.high_risk).toBeGreaterThanOrEqual(2); // the lateral movement's and the C2 beacon's sources
    } finally {
      engine.close();
    }
  }, 600_000);

  it('continues the same fleet after a restart, event for event', () => {
    const straightDir = tempDir('tm-demo-a-');
    const clockA = new ManualClock(START);
    const straight = open(straightDir, clockA);
    const restartedDir = tempDir('tm-demo-b-');
    const clockB = new ManualClock(START);
    let restarted = open(restartedDir, clockB);
    try {
      seedDemoFleet(straight, { actor });
      seedDemoFleet(restarted, { actor });
      straight.startBackground({ detectors: true, tickMs: NEVER });
      runMinutes(straight, clockA, 40);

      restarted.startBackground({ detectors: true, tickMs: NEVER });
      runMinutes(restarted, clockB, 17);
      restarted.close();
      restarted = open(restartedDir, clockB);
      restarted.startBackground({ detectors: true, tickMs: NEVER });
      runMinutes(restarted, clockB, 23);
      expect(eventDigest(restarted)).toEqual(eventDigest(straight));
    } finally {
      straight.close();
      restarted.close();
    }
  }, 600_000);
});
