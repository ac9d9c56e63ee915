// The four weighted dimensions of the fleet score, each with the factors costing it most.
import type { FleetPosture } from '@shared/contract/operations/posture-fleet';
import { fmtInt, label } from '../../components/format';

const DIMENSION_HINT: Record<string, string> = {
  identity: 'Cryptographic identity, certificates, enrollment, MFA',
  behavior: 'Open anomalies and deviation from learned baselines',
  policy: 'Violations, unenforced recommendations, coverage gaps',
  threat: 'IoC contacts, end-of-life or vulnerable firmware',
};

export function DimensionsPanel({ fleet }: { fleet: FleetPosture }) {
  return (
    <section className="panel" aria-labelledby="dimensions-title">
      <h2 id="dimensions-title" className="panel-title">Dimensions</h2>
      <ul className="dimensions">
        {Object.entries(fleet.dimensions).map(([name, d]) => {
          const factors = fleet.factors.filter((f) => f.dimension === name);
          const tone = d.score <= 40 ? 'danger' : d.score <= 70 ? 'warn' : 'ok';
          return (
            <li key={name} className="dimension">
              <div className="dimension-head">
                <span className="dimension-name" title={DIMENSION_HINT[name]}>{label(name)}</span>
                <span className="dimension-weight">×{d.weight}%</span>
                <span className={`dimension-score tone-${tone}`}>{d.score}</span>
              </div>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar-fill fill-${tone}`} style={{ width: `${Math.max(1, d.score)}%` }} />
              </span>
              {factors.length === 0 ? (
                <p className="dimension-none">Nothing counts against it.</p>
              ) : (
                <ul className="factor-list">
                  {factors.map((f) => (
                    <li key={f.factor} title={f.why}>
                      <span className="factor-points">{f.points.toFixed(1)}</span>
                      <span className="factor-name">{label(f.factor)}</span>
                      <span className="factor-entities">{fmtInt(f.entities)} {f.entities === 1 ? 'entity' : 'entities'}</span>
                      <span className="factor-why">{f.why}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
