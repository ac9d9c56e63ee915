// A dense, keyboard-usable table: rows open with click, Enter or Space; a thin bar shows a reload in progress.
import type { KeyboardEvent, ReactNode } from 'react';

export interface Column<R> {
  key: string;
  header: string;
  render(row: R): ReactNode;
  /** 'num' right-aligns, 'mono' uses the code font (ids, IPs, hashes), 'wrap' lets long text wrap. */
  kind?: 'num' | 'mono' | 'wrap';
  /** Caps the column (long text ends in an ellipsis; give the cell a title with the full text). */
  max?: 'sm' | 'md' | 'lg';
}

interface Props<R> {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey(row: R): string;
  onOpen?(row: R): void;
  selectedKey?: string | null;
  busy?: boolean;
}

export function DataTable<R>({ caption, columns, rows, rowKey, onOpen, selectedKey, busy }: Props<R>) {
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, row: R) => {
    if (!onOpen) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(row);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  };
  return (
    <div className={`table-wrap${busy ? ' is-busy' : ''}`} aria-busy={busy || undefined}>
      <table className="data-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.kind === 'num' ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = rowKey(row);
            return (
              <tr
                key={key}
                tabIndex={onOpen ? 0 : undefined}
                className={`${onOpen ? 'clickable' : ''}${selectedKey === key ? ' selected' : ''}`}
                aria-selected={onOpen ? selectedKey === key : undefined}
                onClick={onOpen ? () => onOpen(row) : undefined}
                onKeyDown={(e) => onKey(e, row)}
              >
                {columns.map((c) => (
                  <td key={c.key} className={[c.kind, c.max && `max-${c.max}`].filter(Boolean).join(' ') || undefined}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
