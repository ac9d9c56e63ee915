// Contain and close an incident: the resolution (required here, so every closed incident says how it
// ended) and whether to release devices isolated during it.
import { useState } from 'react';
import type { IncidentDetailView } from '@shared/contract/operations/incidents-schemas';
import { ApiError } from '../../api/index';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';

export function IncidentActions({ incident, onDone }: { incident: IncidentDetailView; onDone(d: IncidentDetailView): void }) {
  const [resolution, setResolution] = useState('');
  const [release, setRelease] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function run(call: () => Promise<IncidentDetailView>) {
    setBusy(true);
    setError(null);
    try {
      onDone(await call());
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    } finally {
      setBusy(false);
    }
  }
  const api = () => useStore.getState().api!;
  const contain = () => run(() => api().call('incidents.contain', { incident_id: incident.id }));
  const close = () => run(() => api().call('incidents.close', { incident_id: incident.id, resolution: resolution.trim(), release_quarantined_devices: release }));

  if (incident.status === 'closed') return null;
  return (
    <form className="triage" aria-label="Close incident" onSubmit={(e) => { e.preventDefault(); if (resolution.trim()) void close(); }}>
      {incident.status === 'open' ? (
        <div className="triage-buttons">
          <button type="button" className="btn" disabled={busy} onClick={() => void contain()}>Mark contained</button>
          <span className="dim">The threat is held; recovery is under way.</span>
        </div>
      ) : null}
      <label className="triage-label" htmlFor="incident-resolution">Resolution</label>
      <textarea id="incident-resolution" className="triage-reason" rows={3} value={resolution} onChange={(e) => setResolution(e.target.value)} placeholder="How the incident was resolved" maxLength={4000} />
      <label className="triage-check">
        <input type="checkbox" checked={release} onChange={(e) => setRelease(e.target.checked)} /> Release devices isolated during this incident
      </label>
      <div className="triage-buttons">
        <button type="submit" className="btn btn-primary" disabled={busy || resolution.trim() === ''} title={resolution.trim() ? undefined : 'Write the resolution first'}>Close incident</button>
      </div>
      {error ? <ErrorNotice error={error} compact /> : null}
    </form>
  );
}
