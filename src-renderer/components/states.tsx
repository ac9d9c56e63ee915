// Loading, empty and error states, so every screen says what is happening instead of showing nothing.
import type { ReactNode } from 'react';
import type { ApiError } from '../api/index';
import type { QueryEntry } from '../store/query-slice';
import { Pager } from './pager';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <div className="state-title">{title}</div>
      {children ? <div className="state-hint">{children}</div> : null}
    </div>
  );
}

export function ErrorNotice({ error, onRetry, compact }: { error: ApiError; onRetry?: () => void; compact?: boolean }) {
  // Engine messages often start with the field ("limit: …"); the field is shown as a tag, so not twice.
  const message = error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
  return (
    <div className={`state state-error${compact ? ' state-compact' : ''}`} role="alert">
      <div className="state-title">
        {error.field ? <span className="error-field">{error.field}</span> : null}
        {message}
      </div>
      <div className="state-hint">
        <code>{error.code}</code>
        {onRetry ? (
          <button type="button" className="btn btn-small" onClick={onRetry}>
            Retry
          </button>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The result area of a paged list: the error (with retry) above, "loading" until the first answer, the
 * empty state when nothing is there, else the list and its pager. The previous page stays on screen
 * while the next loads.
 */
export function ListResult<T extends { total: number }>({ q, what, empty, page, children }: {
  q: QueryEntry<T> & { reload(): void };
  /** What is loading, e.g. "devices". */
  what: string;
  empty: ReactNode;
  page: { limit: number; offset: number; onChange(patch: { limit?: number; offset?: number }): void; sizes?: readonly number[] };
  children: (data: T) => ReactNode;
}) {
  return (
    <>
      {q.error ? <ErrorNotice error={q.error} onRetry={q.reload} /> : null}
      {!q.data ? (q.status !== 'error' ? <Loading what={what} /> : null) : q.data.total === 0 ? empty : (
        <>
          {children(q.data)}
          <Pager total={q.data.total} limit={page.limit} offset={page.offset} onChange={page.onChange} sizes={page.sizes} />
        </>
      )}
    </>
  );
}
