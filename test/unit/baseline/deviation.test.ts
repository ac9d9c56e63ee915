// The deviation score's documented anchor points (docs/detectors.md): ordinary variation scores 0, an
// hour at z = 5 scores 0.63 and at z = 10 scores 0.93, whichever hour of the window it is; an hour older
// than the window counts for nothing; connections to destinations new since the baseline add to it.
import { describe, expect, it } from 'vitest';
import { deviation } from '../../../src-main/engine/baseline/deviation';
import { EntityStats, HOUR_MS } from '../../../src-main/engine/baseline/entity-stats';

const H0 = 490_000;
const WINDOW = 3;

/** An established device with 100 connections in each of 48 hours (mean 100, sd 0: the floor √100 = 10 applies). */
function steady(): EntityStats {
  const s = new EntityStats('device', 'dev_a');
  for (let h = 0; h < 48; h++) {
    const b = s.hourFor((H0 + h) * HOUR_MS);
    b.connections = 100;
    b.bytesOut = 50_000;
    b.events = 100;
  }
  s.established = true;
  s.establishedAt = H0 * HOUR_MS;
  return s;
}

/** Closes the open hour after setting its connections, opening the next. */
function closeWith(s: EntityStats, connections: number): void {
  s.cur!.connections = connections;
  s.hourFor((s.cur!.hour + 1) * HOUR_MS);
}

describe('deviation', () => {
  it('scores ordinary variation 0 and the documented z-scores at their documented values', () => {
    const s = steady();
    expect(s.conn.mean).toBe(100);
    s.cur!.connections = 115; // z = 1.5
    expect(deviation(s, WINDOW, 0.5)).toEqual({ z_connections: 1.5, z_bytes_out: 0, unknown_share: 0, score: 0 });
    s.cur!.connections = 150; // z = 5
    expect(deviation(s, WINDOW, 0.5).score).toBe(0.63);
    s.cur!.connections = 200; // z = 10
    expect(deviation(s, WINDOW, 0.5).score).toBe(0.93);
  });

  it('takes the worst hour of the window, closed ones included, and forgets hours older than the window', () => {
    const s = steady();
    // A closed hour of 200 joins the statistics too (mean and sd move), so its z is below 10, but far above 2.
    closeWith(s, 200);
    s.cur!.connections = 100;
    expect(deviation(s, WINDOW, 0.5).score).toBeGreaterThan(0.7);
    // One more ordinary hour: the window (this hour and the two before) still holds the busy one; one more, and it does not.
    closeWith(s, 100);
    expect(deviation(s, WINDOW, 0.5).score).toBeGreaterThan(0.7);
    closeWith(s, 100);
    expect(deviation(s, WINDOW, 0.5).score).toBe(0);
  });

  it('adds the share of the window\'s connections that went to destinations new since the baseline', () => {
    const s = steady();
    // The window is this hour and the two before: 300 connections, 75 of them new, u = 0.25;
    // d = 4 × 0.5 × 0.25 = 0.5, score 1 − e^−0.5.
    s.cur!.connections = 100;
    s.cur!.newConns = 75;
    expect(deviation(s, WINDOW, 0.5)).toMatchObject({ unknown_share: 0.25, score: 0.39 });
  });

  it('is 0 for a baseline not yet established', () => {
    const s = steady();
    s.established = false;
    s.cur!.connections = 1000;
    expect(deviation(s, WINDOW, 0.5).score).toBe(0);
  });
});
