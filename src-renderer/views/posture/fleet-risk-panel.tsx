// Beside the fleet's average: how many devices and workloads sit in each band, and the active incidents,
// so a "healthy" average never hides a compromised device or a live C2 channel.
import type { FleetPosture } from '@shared/contract/operations/posture-fleet';
import { Badge } from '../../components/badge';
import { fmtInt, label } from '../../components/format';
import { useStore } from '../../store/index';
import { severityTone } from '../anomalies/triage-tones';
import '../incidents/incidents.css';

export function BandCounts({ f }: { f: FleetPosture }) {
  const b = f.band_counts;
  return (
    <p className="band-counts" data-testid="band-counts">
      <Badge tone={b.high_risk > 0 ? 'danger' : 'neutral'}>{fmtInt(b.high_risk)} high risk</Badge>{' '}
      <Badge tone={b.moderate > 0 ? 'warn' : 'neutral'}>{fmtInt(b.moderate)} moderate</Badge>{' '}
      <Badge tone="ok">{fmtInt(b.healthy)} healthy</Badge>
    </p>
  );
}

export function ActiveIncidents({ f }: { f: FleetPosture }) {
  const navigate = useStore((s) => s.navigate);
  const openIncident = useStore((s) => s.openIncident);
  if (f.incidents.length === 0) return null;
  const more = f.active_incidents - f.incidents.length;
  return (
    <section className="panel" aria-labelledby="active-incidents-title" data-testid="active-incidents">
      <h2 id="active-incidents-title" className="panel-title">Active incidents</h2>
      <ul className="incident-list">
        {f.incidents.map((i) => (
          <li key={i.id}>
            <button type="button" className="link-button" onClick={() => { openIncident(i.id); navigate('incidents'); }}>
              <Badge tone={severityTone[i.severity]}>{label(i.severity)}</Badge> {i.title}
            </button>
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="dim">and {fmtInt(more)} more</p> : null}
    </section>
  );
}
