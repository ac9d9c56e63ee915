// What isolating a device would apply now: the path's source, its destinations, and what screening drops
// (each with the reason), as the engine resolves it.
import { useState } from 'react';
import type { EffectivePath } from '@shared/contract/operations/policy-management-paths';
import { ApiError } from '../../api/index';
import { label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';

export function EffectivePathCheck() {
  const [deviceId, setDeviceId] = useState('');
  const [result, setResult] = useState<EffectivePath | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function check() {
    setError(null);
    try {
      const r = await useStore.getState().api!.call('policy.managementPaths', { device_id: deviceId.trim() });
      setResult(r.effective);
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    }
  }

  return (
    <form className="panel quarantine-form" aria-labelledby="path-check-title" onSubmit={(e) => { e.preventDefault(); void check(); }}>
      <h2 id="path-check-title" className="panel-title">Check a device</h2>
      <label className="triage-label" htmlFor="check-device">Device id</label>
      <div className="lookup">
        <input id="check-device" className="lookup-input mono" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} placeholder="dev_…" spellCheck={false} autoComplete="off" />
        <button type="submit" className="btn" disabled={deviceId.trim() === ''}>Check</button>
      </div>
      {error ? <ErrorNotice error={error} compact /> : null}
      {result ? (
        <dl className="fields" data-testid="effective-path" aria-live="polite">
          <div className="field-row"><dt>Device</dt><dd className="mono">{result.device_id} ({label(result.device_type)})</dd></div>
          <div className="field-row"><dt>Path from</dt><dd>{label(result.source)}</dd></div>
          <div className="field-row"><dt>Reachable when isolated</dt><dd className="mono">{result.destinations.join(', ') || 'nothing: fully cut off'}</dd></div>
          {result.dropped.map((d) => (
            <div key={d.destination} className="field-row"><dt>Dropped</dt><dd><span className="mono">{d.destination}</span>: {d.reason}</dd></div>
          ))}
        </dl>
      ) : null}
    </form>
  );
}
