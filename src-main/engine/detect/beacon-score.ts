// The beacon score of a channel, in the manner of RITA's beacon analysis (activecm/rita): the
// regularity of the intervals between connections (Bowley skewness and the median absolute deviation
// about the median, as RITA computes them), the regularity of the bytes sent (the same two measures
// on sizes), and the persistence of the channel over its span (the share of ten equal parts of the
// span with a connection; RITA scores the same idea as connection count over the observation window).
// Each part is 0–1, 1 for a metronome; the score is the mean of the interval, size and persistence
// scores, intervals weighing double: the timing is what makes a beacon. Connections less than a burst
// gap apart are one check-in (a browser opens several at once; a beacon's check-in is one visit).

export interface BeaconScore { score: number; tsScore: number; dsScore: number; persistence: number; periodMs: number; spanMs: number }

function quartiles(sorted: readonly number[]): [number, number, number] {
  const q = (p: number) => {
    const i = (sorted.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
  };
  return [q(0.25), q(0.5), q(0.75)];
}

/** 1 − |Bowley skewness| and 1 − MADM/median of a sample (RITA's two regularity measures). */
function regularity(values: readonly number[]): { skew: number; madm: number; median: number } {
  const v = [...values].sort((a, b) => a - b);
  const [q1, q2, q3] = quartiles(v);
  const bowley = q3 - q1 === 0 || q2 === q1 || q2 === q3 ? 0 : (q3 + q1 - 2 * q2) / (q3 - q1);
  const dev = v.map((x) => Math.abs(x - q2)).sort((a, b) => a - b);
  const madm = quartiles(dev)[1];
  return { skew: 1 - Math.abs(bowley), madm: q2 > 0 ? Math.max(0, 1 - madm / q2) : madm === 0 ? 1 : 0, median: q2 };
}

export function beaconScore(times: readonly number[], sizes: readonly number[], burstMs = 2000): BeaconScore | null {
  const sorted = times.map((t, i) => [t, sizes[i] ?? 0] as [number, number]).sort((a, b) => a[0] - b[0]);
  const order: [number, number][] = [];
  for (const [t, b] of sorted) {
    const last = order[order.length - 1];
    if (last && t - last[0] < burstMs) last[1] += b;
    else order.push([t, b]);
  }
  if (order.length < 4) return null;
  const t = order.map(([ts]) => ts);
  const gaps: number[] = [];
  for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
  const g = regularity(gaps);
  if (g.median <= 0) return null;
  const tsScore = (g.skew + g.madm) / 2;
  const d = regularity(order.map(([, b]) => b));
  const dsScore = (d.skew + d.madm) / 2;
  const spanMs = t[t.length - 1] - t[0];
  const bins = new Set<number>();
  for (const ts of t) bins.add(Math.min(9, Math.floor(((ts - t[0]) / Math.max(spanMs, 1)) * 10)));
  const persistence = bins.size / 10;
  return { score: (2 * tsScore + dsScore + persistence) / 4, tsScore, dsScore, persistence, periodMs: g.median, spanMs };
}
