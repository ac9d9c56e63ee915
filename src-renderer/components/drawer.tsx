// A side panel for one record's details: a modal dialog that keeps Tab inside, closes on Escape and gives
// focus back to what opened it (the table row).
import { useEffect, useRef, type ReactNode } from 'react';
import { trapTab } from './focus-trap';

export function Drawer({ title, subtitle, onClose, children }: { title: string; subtitle?: ReactNode; onClose(): void; children: ReactNode }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // The row that opened it may have been re-rendered: find it again by its key.
      const key = previous?.getAttribute('data-row-key');
      const target = previous?.isConnected ? previous : key ? document.querySelector<HTMLElement>(`tr[data-row-key="${CSS.escape(key)}"]`) : null;
      target?.focus();
    };
  }, [onClose]);
  return (
    <div className="drawer-backdrop" onClick={onClose}>
      <aside className="drawer" role="dialog" aria-modal="true" aria-labelledby="drawer-title" onClick={(e) => e.stopPropagation()} onKeyDown={trapTab}>
        <header className="drawer-head">
          <div>
            <h2 id="drawer-title">{title}</h2>
            {subtitle ? <div className="drawer-sub">{subtitle}</div> : null}
          </div>
          <button ref={closeRef} type="button" className="btn btn-icon" onClick={onClose} aria-label="Close details">
            ✕
          </button>
        </header>
        <div className="drawer-body">{children}</div>
      </aside>
    </div>
  );
}

/** Label/value rows inside a drawer or card. */
export function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="fields">
      {rows.map(([k, v]) => (
        <div key={k} className="field-row">
          <dt>{k}</dt>
          <dd>{v ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
