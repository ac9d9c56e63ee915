// One held agent call: what it asked (operation and parameters, as text), which key and agent, when it
// expires, and approve / reject with a note; once decided, the outcome and what the call returned.
import { useState } from 'react';
import type { ApprovalView } from '@shared/contract/operations/approvals';
import type { BlastRadius } from '@shared/contract/operations/policy-schemas';
import { ApiError } from '../../api/index';
import { Badge } from '../../components/badge';
import { Fields } from '../../components/drawer';
import { fmtTime, label } from '../../components/format';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';
import { BlastRadiusLine } from '../response/blast-radius';

function blastRadiusOf(result: unknown): BlastRadius | null {
  const r = result as { blast_radius?: BlastRadius } | null;
  return r && typeof r === 'object' && r.blast_radius ? r.blast_radius : null;
}

export function ApprovalCard({ approval: a, onDecided }: { approval: ApprovalView; onDecided(a: ApprovalView): void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const noteId = `note-${a.approval_id}`;
  async function decide(how: 'approve' | 'reject') {
    setBusy(true);
    setError(null);
    try {
      const api = useStore.getState().api!;
      const input = { approval_id: a.approval_id, reason: note.trim() || undefined };
      onDecided(await (how === 'approve' ? api.call('approvals.approve', input) : api.call('approvals.reject', input)));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    } finally {
      setBusy(false);
    }
  }
  const radius = blastRadiusOf(a.result);
  const who = a.requester.name ? `${a.requester.name} (${a.requester.type})` : a.requester.type;
  return (
    <article className="panel approval" aria-label={`${a.operation} requested by ${who}`} data-testid="approval">
      <header className="approval-head">
        <span className="mono approval-op">{a.operation}</span>
        <Badge tone={a.status === 'pending' ? 'warn' : a.status === 'approved' ? 'ok' : 'danger'}>{label(a.status)}</Badge>
      </header>
      <Fields
        rows={[
          ['Asked by', who],
          ['Key', <span key="k" className="mono">{a.key_id}</span>],
          ['Parameters', <pre key="p" className="mono approval-params">{JSON.stringify(a.params, null, 2)}</pre>],
          ['Requested', fmtTime(a.created_at)],
          [a.status === 'pending' ? 'Expires' : 'Decided', a.status === 'pending' ? fmtTime(a.expires_at) : `${fmtTime(a.decided_at)}${a.decided_by ? ` by ${a.decided_by.id}` : ''}`],
          ['Note', a.reason],
          ['Error', a.error],
        ]}
      />
      {radius ? <BlastRadiusLine radius={radius} /> : a.status === 'pending' ? <p className="response-note">Blast radius: reported by the operation once it runs.</p> : null}
      {a.status === 'pending' ? (
        <div className="approval-decide">
          <label className="triage-label" htmlFor={noteId}>Note (recorded in the audit log)</label>
          <textarea id={noteId} className="triage-reason" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="containment-actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void decide('approve')} aria-label={`Approve ${a.operation} ${a.approval_id}`}>Approve</button>
            <button type="button" className="btn" disabled={busy} onClick={() => void decide('reject')} aria-label={`Reject ${a.operation} ${a.approval_id}`}>Reject</button>
          </div>
          {error ? <ErrorNotice error={error} compact /> : null}
        </div>
      ) : null}
    </article>
  );
}
