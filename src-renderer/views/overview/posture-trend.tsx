// The fleet posture score over the last week as a line (posture.fleetTrend), with the band limits (40 and
// 70) drawn across. Plain SVG, not a charting library: one step series of at most a few hundred points
// with a tooltip per point is a few lines, costs no bundle weight or upkeep, and takes its colours from the
// theme's CSS variables (dark and light alike). The chart's name states the range and the first, last,
// lowest and highest score for screen readers.
import { fmtTime } from '../../components/format';
import { EmptyState, ErrorNotice } from '../../components/states';
import { useLiveReload } from '../../store/use-live';
import { useOpQuery } from '../../store/use-op-query';

const W = 600;
const H = 140;
const PAD = 6;

export function PostureTrend({ hours = 168 }: { hours?: number }) {
  const q = useOpQuery(`posture.trend:${hours}`, 'posture.fleetTrend', { hours });
  useLiveReload(['posture_change'], q.reload);
  const pts = q.data?.points ?? [];
  const start = q.data ? Date.parse(q.data.since) : 0;
  const end = Math.max(Date.now(), ...pts.map((p) => Date.parse(p.at)));
  const x = (t: number) => PAD + ((t - start) / Math.max(1, end - start)) * (W - 2 * PAD);
  const y = (score: number) => PAD + (1 - score / 100) * (H - 2 * PAD);
  // A step line: a score holds until the next one is recorded, and the last holds until now.
  const path = pts.map((p, i) => `${i === 0 ? 'M' : 'H'}${x(Date.parse(p.at)).toFixed(1)} ${i === 0 ? y(p.score).toFixed(1) : `V${y(p.score).toFixed(1)}`}`).join(' ') + (pts.length ? ` H${x(end).toFixed(1)}` : '');
  const scores = pts.map((p) => p.score);
  const summary = pts.length
    ? `Fleet posture from ${fmtTime(q.data!.since)} to now: ${scores[0]} at the start, ${scores[scores.length - 1]} now, lowest ${Math.min(...scores)}, highest ${Math.max(...scores)}, ${pts.length} recorded score${pts.length === 1 ? '' : 's'}`
    : '';
  return (
    <section className="panel" aria-labelledby="trend-title">
      <h2 id="trend-title" className="panel-title">Fleet posture, last {hours >= 48 ? `${Math.round(hours / 24)} days` : `${hours} hours`}</h2>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} compact /> : null}
      {q.data && pts.length === 0 ? <EmptyState title="No posture recorded yet">Scores are kept once devices are assessed (after ingest or import).</EmptyState> : null}
      {pts.length ? (
        <svg className="trend-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary} data-testid="posture-trend">
          {[40, 70].map((b) => <line key={b} x1={PAD} x2={W - PAD} y1={y(b)} y2={y(b)} className="trend-band" />)}
          <text x={W - PAD} y={y(70) - 3} className="trend-label" textAnchor="end">70</text>
          <text x={W - PAD} y={y(40) - 3} className="trend-label" textAnchor="end">40</text>
          <path d={path} className="trend-line" />
          {pts.map((p) => (
            <circle key={p.at} cx={x(Date.parse(p.at))} cy={y(p.score)} r="2.5" className="trend-point">
              <title>{`${fmtTime(p.at)}: ${p.score}`}</title>
            </circle>
          ))}
        </svg>
      ) : null}
    </section>
  );
}
