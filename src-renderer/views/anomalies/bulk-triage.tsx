// Bulk triage of the ticked anomalies: acknowledge, resolve or mark false positive with one reason, then a
// notice that says where they went (the status filter that shows them) with Undo, which puts each back to
// the status it had (anomalies.setStatus 'open' or 'acknowledged'). Each change is its own audited call.
// Incidents the triage closed (their last open anomaly) are named with a link; Undo reopens them.
import { useState } from 'react';
import type { AnomalyView } from '@shared/contract/operations/anomalies-schemas';
import { ApiError } from '../../api/index';
import { label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';

type Triage = 'acknowledged' | 'resolved' | 'false_positive';
export interface BulkDone { status: Triage; items: { id: string; previous: 'open' | 'acknowledged' }[]; failed: number; closedIncidents: string[] }

async function setAll(items: { id: string; status: Triage | 'open' | 'acknowledged' }[], reason: string | undefined): Promise<{ ok: string[]; closed: string[]; error: ApiError | null }> {
  const api = useStore.getState().api!;
  const ok: string[] = [];
  const closed: string[] = [];
  let error: ApiError | null = null;
  for (const it of items) {
    try {
      const result = await api.call('anomalies.setStatus', { anomaly_id: it.id, status: it.status, ...(reason ? { reason } : {}) });
      ok.push(it.id);
      closed.push(...result.closed_incidents);
    } catch (err) {
      error = err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) });
    }
  }
  return { ok, closed, error };
}

export function BulkTriageBar({ selected, onDone }: { selected: AnomalyView[]; onDone(done: BulkDone): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const triageable = selected.filter((a) => a.status === 'open' || a.status === 'acknowledged');
  const needsReason = reason.trim() === '';

  async function apply(status: Triage) {
    setBusy(true);
    setError(null);
    const targets = triageable.filter((a) => a.status !== status);
    const { ok, closed, error: failed } = await setAll(targets.map((a) => ({ id: a.id, status })), reason.trim() || undefined);
    setBusy(false);
    setError(failed);
    setReason('');
    onDone({ status, items: targets.filter((a) => ok.includes(a.id)).map((a) => ({ id: a.id, previous: a.status as 'open' | 'acknowledged' })), failed: targets.length - ok.length, closedIncidents: closed });
  }

  return (
    <form className="bulk-bar" role="region" aria-label="Bulk triage" onSubmit={(e) => e.preventDefault()}>
      <strong>{selected.length} selected</strong>
      {triageable.length < selected.length ? <span className="dim">({selected.length - triageable.length} already closed, left as they are)</span> : null}
      <label className="sr-only" htmlFor="bulk-reason">Reason for all</label>
      <input id="bulk-reason" className="triage-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="One reason for all (required to resolve or mark false positive)" maxLength={2000} />
      <button type="button" className="btn" disabled={busy || triageable.length === 0} onClick={() => void apply('acknowledged')}>Acknowledge</button>
      <button type="button" className="btn btn-primary" disabled={busy || needsReason || triageable.length === 0} onClick={() => void apply('resolved')}>Resolve</button>
      <button type="button" className="btn" disabled={busy || needsReason || triageable.length === 0} onClick={() => void apply('false_positive')}>False positive</button>
      {error ? <ErrorNotice error={error} compact /> : null}
    </form>
  );
}

/** Says where triaged anomalies went, with a filter to see them and Undo. */
export function BulkDoneNotice({ done, onShow, onUndone, onDismiss }: { done: BulkDone; onShow(): void; onUndone(): void; onDismiss(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const n = done.items.length;
  async function undo() {
    setBusy(true);
    const { ok, error: failed } = await setAll(done.items.map((i) => ({ id: i.id, status: i.previous })), undefined);
    setBusy(false);
    setError(failed);
    if (ok.length === n) onUndone();
  }
  return (
    <div className="bulk-done" role="status" data-testid="bulk-done">
      <span>
        {n} anomal{n === 1 ? 'y' : 'ies'} marked {label(done.status).toLowerCase()}
        {done.status === 'acknowledged' ? '; they stay in the default list.' : `: they left the open list and are under Status “${label(done.status)}”.`}
        {done.failed ? ` ${done.failed} could not be changed.` : ''}
        {done.closedIncidents.length ? <> {done.closedIncidents.length === 1 ? 'Incident' : 'Incidents'} closed with their last open anomaly:{done.closedIncidents.map((id) => <span key={id}> <a className="mono" href={`#/incidents/${encodeURIComponent(id)}`}>{id}</a></span>)}{' '}(Undo reopens {done.closedIncidents.length === 1 ? 'it' : 'them'}).</> : null}
      </span>
      {done.status !== 'acknowledged' ? <button type="button" className="btn btn-small" onClick={onShow}>Show them</button> : null}
      {n ? <button type="button" className="btn btn-small" disabled={busy} onClick={() => void undo()}>Undo</button> : null}
      <button type="button" className="btn btn-small btn-ghost" onClick={onDismiss} aria-label="Dismiss notice">✕</button>
      {error ? <ErrorNotice error={error} compact /> : null}
    </div>
  );
}
