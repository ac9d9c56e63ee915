// Acknowledge / resolve / false-positive buttons for one anomaly, with the reason resolving or
// dismissing needs; calls anomalies.setStatus and hands back the updated anomaly, saying when the triage
// closed the anomaly's incident (or its undo reopened it).
import { useState } from 'react';
import type { AnomalyView } from '@shared/contract/operations/anomalies-schemas';
import { ApiError } from '../../api/index';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';

type Triage = 'acknowledged' | 'resolved' | 'false_positive' | 'open';

export function TriageActions({ anomaly, onDone }: { anomaly: AnomalyView; onDone(a: AnomalyView): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<Triage | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [incidentNote, setIncidentNote] = useState<{ id: string; closed: boolean } | null>(null);
  const settled = anomaly.status === 'resolved' || anomaly.status === 'false_positive';

  async function apply(status: Triage) {
    const api = useStore.getState().api;
    if (!api) return;
    setBusy(status);
    setError(null);
    try {
      const result = await api.call('anomalies.setStatus', { anomaly_id: anomaly.id, status, reason: reason.trim() || undefined });
      const closed = result.closed_incidents[0];
      const reopened = result.reopened_incidents[0];
      setIncidentNote(closed ? { id: closed, closed: true } : reopened ? { id: reopened, closed: false } : null);
      onDone(result);
      setReason('');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    } finally {
      setBusy(null);
    }
  }

  const note = incidentNote ? <IncidentNote id={incidentNote.id} closed={incidentNote.closed} /> : null;
  if (settled) {
    return (
      <div className="triage-buttons">
        {note}
        <p className="dim">{anomaly.status === 'resolved' ? 'Resolved' : 'Marked a false positive'}{anomaly.status_reason ? `: ${anomaly.status_reason}` : ''}.</p>
        <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => void apply('open')}>Reopen</button>
        {error ? <ErrorNotice error={error} compact /> : null}
      </div>
    );
  }
  const needsReason = reason.trim() === '';
  return (
    <form className="triage" onSubmit={(e) => e.preventDefault()} aria-label="Triage">
      {note}
      <label className="triage-label" htmlFor="triage-reason">Reason</label>
      <textarea id="triage-reason" className="triage-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Why (required to resolve or mark a false positive)" maxLength={2000} />
      <div className="triage-buttons">
        {anomaly.status === 'open' ? (
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void apply('acknowledged')}>Acknowledge</button>
        ) : null}
        <button type="button" className="btn btn-primary" disabled={busy !== null || needsReason} onClick={() => void apply('resolved')} title={needsReason ? 'Give a reason first' : undefined}>Resolve</button>
        <button type="button" className="btn" disabled={busy !== null || needsReason} onClick={() => void apply('false_positive')} title={needsReason ? 'Give a reason first' : undefined}>False positive</button>
      </div>
      {error ? <ErrorNotice error={error} compact /> : null}
    </form>
  );
}

/** Says that a triage closed (or its undo reopened) the anomaly's incident, with the incident one click away. */
function IncidentNote({ id, closed }: { id: string; closed: boolean }) {
  return (
    <p className="incident-note" role="status" data-testid="incident-note">
      {closed ? 'This was the last open anomaly of incident ' : 'Incident '}
      <a className="mono" href={`#/incidents/${encodeURIComponent(id)}`}>{id}</a>
      {closed ? ': the incident closed. Reopen the anomaly to reopen it.' : ' reopened with this anomaly.'}
    </p>
  );
}
