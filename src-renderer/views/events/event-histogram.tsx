// Matching events over time as bars; the figure's accessible name carries the numbers.
import type { OpOutput } from '@shared/contract/index';

type Bucket = OpOutput<'events.search'>['histogram'][number];

export function EventHistogram({ buckets, total }: { buckets: Bucket[]; total: number }) {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const busiest = buckets.reduce<Bucket | null>((m, b) => (!m || b.count > m.count ? b : m), null);
  const name = `${total} matching events over time in ${buckets.length} bars${busiest && busiest.count ? `; busiest from ${busiest.start}: ${busiest.count}` : ''}`;
  return (
    <svg className="event-histogram" role="img" aria-label={name} viewBox={`0 0 ${buckets.length * 10} 60`} preserveAspectRatio="none">
      {buckets.map((b, i) => {
        const h = b.count ? Math.max(2, (b.count / max) * 58) : 0;
        return (
          <rect key={b.start} x={i * 10 + 1} y={60 - h} width={8} height={h}>
            <title>{`${b.start}: ${b.count}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
