// The deviation score of behavioral_baseline: how far the last few hours depart from the learned
// baseline, squashed to 0–1 (0 = as usual). See docs/detectors.md for the formula and its reasoning.
import type { EntityStats } from './entity-stats';

export interface DeviationParts { z_connections: number; z_bytes_out: number; unknown_share: number; score: number }

/**
 * z = the largest upward z-score of hourly connections or bytes out over the window (the standard
 * deviation is floored: √mean and 2 for counts, as for a Poisson process, and 10% of the mean for bytes,
 * so a metronome-regular or sparse device does not turn a few extra connections into a large z);
 * u = share of the window's connections that went to destinations new since the baseline was established.
 * score = 1 − exp(−(max(0, z − 2) / 3 + 4·w·u)), with w the configured weight of new destinations (0.5):
 * ordinary hour-to-hour variation (z < 2) scores 0; z = 5 scores 0.63; z = 10, 0.93.
 */
export function deviation(s: EntityStats, hours: number, unknownWeight: number): DeviationParts {
  if (!s.established || !s.cur) return { z_connections: 0, z_bytes_out: 0, unknown_share: 0, score: 0 };
  const sdConn = Math.max(s.conn.sd, Math.sqrt(s.conn.mean), 2);
  const sdOut = Math.max(s.out.sd, 0.1 * s.out.mean, 1024);
  const cur = s.cur;
  const from = cur.hour - hours + 1;
  // The window is the open hour and the recent closed ones from `from` on, read in place: this runs for
  // every changed entity of every batch, and a window array of snapshots was garbage each time.
  let zc = (cur.connections - s.conn.mean) / sdConn;
  let zb = (cur.bytesOut - s.out.mean) / sdOut;
  let conns = cur.connections;
  let fresh = cur.newConns;
  for (let i = s.recent.length - 1; i >= 0 && s.recent[i].hour >= from; i--) {
    const h = s.recent[i];
    zc = Math.max(zc, (h.connections - s.conn.mean) / sdConn);
    zb = Math.max(zb, (h.bytesOut - s.out.mean) / sdOut);
    conns += h.connections;
    fresh += h.newConns;
  }
  zc = Math.max(0, zc);
  zb = Math.max(0, zb);
  const u = conns > 0 ? fresh / conns : 0;
  const d = Math.max(0, Math.max(zc, zb) - 2) / 3 + 4 * unknownWeight * u;
  const score = Math.round((1 - Math.exp(-d)) * 100) / 100;
  return { z_connections: round1(zc), z_bytes_out: round1(zb), unknown_share: Math.round(u * 100) / 100, score };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
