// The device drawer's posture and open anomalies: score, band and the factors behind it, and what the
// detectors currently flag on the device (each opens on the Anomalies screen).
import { Badge } from '../../components/badge';
import { label } from '../../components/format';
import { ErrorNotice, Loading } from '../../components/states';
import { useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { bandTone, severityTone } from '../anomalies/triage-tones';

const TOP_FACTORS = 5;

function showAnomalies(deviceId: string): void {
  const s = useStore.getState();
  s.setAnomalyQuery({ entity_id: deviceId, entity_type: 'device', status: 'open', severity: undefined, type: undefined });
  s.openDevice(null);
  s.navigate('anomalies');
}

export function DevicePostureSection({ deviceId }: { deviceId: string }) {
  const posture = useOpQuery(`device.posture.${deviceId}`, 'posture.device', { device_id: deviceId });
  const anomalies = useOpQuery(`device.anomalies.${deviceId}`, 'anomalies.search', { entity_type: 'device', entity_id: deviceId, status: 'open', limit: 10 });
  const p = posture.data?.device_id === deviceId ? posture.data : undefined;
  const a = anomalies.data;
  return (
    <>
      <h3 className="drawer-section">Posture</h3>
      {posture.error ? <ErrorNotice error={posture.error} onRetry={posture.reload} compact /> : null}
      {!p ? (
        posture.status !== 'error' ? <Loading what="posture" /> : null
      ) : (
        <div className="device-posture" data-testid="device-posture">
          <p className="device-score">
            <span className={`tone-${bandTone[p.band]} device-score-value`}>{p.score}</span>
            <span className="dim">/ 100</span> <Badge tone={bandTone[p.band]}>{label(p.band)}</Badge>
          </p>
          {p.factors.length === 0 ? (
            <p className="dim">Nothing counts against this device.</p>
          ) : (
            <ul className="device-factors">
              {p.factors.slice(0, TOP_FACTORS).map((f, i) => (
                <li key={`${f.factor}:${i}`} title={f.why}>
                  <span className="tone-danger">{f.points}</span> {label(f.factor)} <span className="dim">— {f.why}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3 className="drawer-section">Open anomalies</h3>
      {anomalies.error ? <ErrorNotice error={anomalies.error} onRetry={anomalies.reload} compact /> : null}
      {!a ? null : a.total === 0 ? (
        <p className="dim">None open.</p>
      ) : (
        <ul className="device-factors">
          {a.anomalies.map((x) => (
            <li key={x.id}>
              <Badge tone={severityTone[x.severity]}>{label(x.severity)}</Badge> {label(x.type)} <span className="dim">— {x.description}</span>
            </li>
          ))}
          <li>
            <button type="button" className="btn btn-small" onClick={() => showAnomalies(deviceId)}>Show {a.total === 1 ? 'it' : `all ${a.total}`} on Anomalies</button>
          </li>
        </ul>
      )}
    </>
  );
}
