// A response action's confirmation: says what will happen, takes a reason, runs the action, then shows
// its result in place. Focus stays inside while open and goes back to the button that opened it.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ApiError } from '../api/index';
import { ErrorNotice } from './states';

export interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  /** What the action will do, shown before it runs (management path, blast radius...). */
  preview: ReactNode;
  /** Runs the action with the analyst's reason and returns what to show as its result. */
  run(reason: string | undefined): Promise<ReactNode>;
  onClose(): void;
}

const FOCUSABLE = 'button:not([disabled]), textarea, input, select, a[href], [tabindex]:not([tabindex="-1"])';

export function ConfirmDialog({ title, confirmLabel, preview, run, onClose }: ConfirmDialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<ReactNode>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('textarea')?.focus();
    return () => previous?.focus();
  }, []);
  useEffect(() => {
    if (result) ref.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [result]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // The drawer underneath listens on window for Escape: this dialog closes first, alone.
    e.stopPropagation();
    if (e.key === 'Escape') onClose();
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      setResult(await run(reason.trim() || undefined));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ code: 'internal', message: String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="dialog-backdrop" onClick={(e) => e.stopPropagation()}>
      <div ref={ref} className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" onKeyDown={onKeyDown}>
        <h2 id="confirm-title">{title}</h2>
        {result ? (
          <>
            <div className="dialog-result" role="status">{result}</div>
            <div className="dialog-buttons">
              <button type="button" className="btn btn-primary" data-autofocus onClick={onClose}>Done</button>
            </div>
          </>
        ) : (
          <>
            <div className="dialog-preview">{preview}</div>
            <label className="triage-label" htmlFor="confirm-reason">Reason (recorded in the audit log)</label>
            <textarea id="confirm-reason" className="triage-reason" rows={2} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
            {error ? <ErrorNotice error={error} compact /> : null}
            <div className="dialog-buttons">
              <button type="button" className="btn" onClick={onClose}>Cancel</button>
              <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void confirm()}>{busy ? 'Working…' : confirmLabel}</button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
