// The event log: monotonic cursors, filtered resumable reads, and subscribers that see only committed events.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { testLogger } from '../../support/test-logger';

const T0 = Date.UTC(2026, 4, 21, 9);
const open = () => Engine.open({ dbPath: ':memory:', clock: new ManualClock(T0), log: testLogger });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('event log', () => {
  it('assigns increasing cursors and reads from any cursor with filters', () => {
    const engine = open();
    const c1 = engine.events.append({ event_type: 'anomaly', severity: 'critical', entity_type: 'device', entity_id: 'dev_a', data: { n: 1 } });
    const c2 = engine.events.append({ event_type: 'posture_change', entity_type: 'device', entity_id: 'dev_a', data: { n: 2 } });
    const c3 = engine.events.append({ event_type: 'anomaly', severity: 'low', entity_type: 'device', entity_id: 'dev_b', data: { n: 3 } });
    expect(c1 < c2 && c2 < c3).toBe(true);
    expect(engine.events.read(0).events.map((e) => e.data.n)).toEqual([1, 2, 3]);
    expect(engine.events.read(c1).events.map((e) => e.data.n)).toEqual([2, 3]);
    const critical = engine.events.read(0, { filter: { event_type: 'anomaly', severity: 'critical' } });
    expect(critical.events.map((e) => e.cursor)).toEqual([c1]);
    expect(critical.next_cursor).toBe(c3);
    expect(engine.events.read(0, { limit: 2 })).toMatchObject({ next_cursor: c2 });
    expect(engine.events.read(0).events[0].ts).toBe(new Date(T0).toISOString());
    engine.close();
  });

  it('delivers to subscribers after commit, never a rolled-back event, and resumes from a cursor without loss', async () => {
    const engine = open();
    const seen: number[] = [];
    const stop = engine.events.subscribe({ event_type: 'anomaly' }, (e) => seen.push(e.data.n as number));
    engine.db.transaction(() => {
      engine.events.append({ event_type: 'anomaly', data: { n: 1 } });
      engine.events.append({ event_type: 'policy', data: { n: 2 } });
    })();
    expect(() =>
      engine.db.transaction(() => {
        engine.events.append({ event_type: 'anomaly', data: { n: 99 } });
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    engine.events.append({ event_type: 'anomaly', data: { n: 3 } });
    await tick();
    expect(seen).toEqual([1, 3]);
    stop();

    const replay: number[] = [];
    const stop2 = engine.events.subscribe({}, (e) => replay.push(e.data.n as number), 0);
    await tick();
    expect(replay).toEqual([1, 2, 3]);
    stop2();
    engine.close();
  });
});
