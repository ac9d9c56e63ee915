// The fleet score as a half-ring gauge in its band's colour, with the band and the 24 h trend.
import type { Trend } from '@shared/domain/enums';
import { label } from '../../components/format';
import { bandTone } from '../anomalies/triage-tones';

const TREND_ARROW: Record<Trend, string> = { improving: '↗', stable: '→', degrading: '↘' };
const R = 80;
const CX = 100;
const CY = 96;

function arc(fraction: number): string {
  const f = Math.min(1, Math.max(0.0001, fraction));
  const theta = Math.PI * (1 - f);
  return `M ${CX - R} ${CY} A ${R} ${R} 0 0 1 ${(CX + R * Math.cos(theta)).toFixed(2)} ${(CY - R * Math.sin(theta)).toFixed(2)}`;
}

export function ScoreGauge({ score, band, trend }: { score: number; band: 'high_risk' | 'moderate' | 'healthy'; trend: Trend }) {
  const tone = bandTone[band];
  return (
    <figure className="gauge" data-testid="fleet-score" aria-label={`Fleet posture ${score} of 100, ${label(band)}, trend ${trend}`}>
      <svg viewBox="0 0 200 108" role="img" aria-hidden="true">
        <path d={arc(1)} className="gauge-track" />
        <path d={arc(score / 100)} className={`gauge-value stroke-${tone}`} />
      </svg>
      <div className="gauge-center">
        <span className={`gauge-score tone-${tone}`}>{score}</span>
        <span className="gauge-scale">/ 100</span>
      </div>
      <figcaption className="gauge-caption">
        <span className={`badge badge-${tone}`}>{label(band)}</span>
        <span className={`gauge-trend trend-${trend}`} title="Against the fleet score 24 h earlier">
          {TREND_ARROW[trend]} {label(trend)}
        </span>
      </figcaption>
    </figure>
  );
}
