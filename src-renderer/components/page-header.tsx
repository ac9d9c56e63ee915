// A screen's title line: name, one-line purpose, when the data was fetched, and a refresh button.
import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, updatedAt, onRefresh, busy, children }: { title: string; subtitle: string; updatedAt?: number; onRefresh?(): void; busy?: boolean; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1 id="view-title" tabIndex={-1}>{title}</h1>
        <p className="page-sub">{subtitle}</p>
      </div>
      <div className="page-actions">
        {children}
        {updatedAt ? <span className="updated">Updated {new Date(updatedAt).toLocaleTimeString()}</span> : null}
        {onRefresh ? (
          <button type="button" className="btn" onClick={onRefresh} disabled={busy} aria-label={`Refresh ${title}`}>
            <span className={busy ? 'spin' : undefined} aria-hidden="true">↻</span> Refresh
          </button>
        ) : null}
      </div>
    </header>
  );
}
