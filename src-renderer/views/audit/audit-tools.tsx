// Verify the audit chain and its checkpoints (audit.verify) with the result shown, and export the log as
// JSONL (every audit.export page up to the head it started from), downloaded as a file.
import { useState } from 'react';
import type { OpOutput } from '@shared/contract/index';
import { ApiError } from '../../api/index';
import { ErrorNotice } from '../../components/states';
import { useStore } from '../../store/index';

type Verify = OpOutput<'audit.verify'>;

async function exportJsonl(): Promise<string> {
  const api = useStore.getState().api!;
  const lines: string[] = [];
  let after = 0;
  let through: number | undefined;
  for (;;) {
    const page = await api.call('audit.export', { after_seq: after, through_seq: through, limit: 1000 });
    through = page.through_seq;
    for (const row of page.rows) lines.push(JSON.stringify(row));
    if (page.done || page.rows.length === 0) break;
    after = page.rows[page.rows.length - 1].seq;
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function AuditTools() {
  const [verify, setVerify] = useState<Verify | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  async function guard(work: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    } finally {
      setBusy(false);
    }
  }
  const runVerify = () => guard(async () => setVerify(await useStore.getState().api!.call('audit.verify', {})));
  const runExport = () =>
    guard(async () => {
      const url = URL.createObjectURL(new Blob([await exportJsonl()], { type: 'application/x-ndjson' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'threatmatic-audit.jsonl';
      a.click();
      URL.revokeObjectURL(url);
    });
  return (
    <div className="audit-tools">
      <div className="containment-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void runVerify()}>Verify chain and checkpoints</button>
        <button type="button" className="btn" disabled={busy} onClick={() => void runExport()}>Export JSONL</button>
      </div>
      {verify ? (
        <div role="status" data-testid="audit-verify" className={verify.ok ? 'verify-ok' : 'verify-bad'}>
          {verify.ok ? 'Chain intact' : 'Chain broken'}: {verify.entries} entries, {verify.checkpoints_checked} checkpoints checked, {verify.unanchored} after the last checkpoint
          {verify.head ? <> — head #{verify.head.seq} <span className="mono">{verify.head.hash.slice(0, 16)}…</span></> : null}
          {verify.problems.length ? (
            <ul>{verify.problems.map((p, i) => <li key={i}>{p.kind}: {p.message}</li>)}</ul>
          ) : null}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} compact /> : null}
    </div>
  );
}
