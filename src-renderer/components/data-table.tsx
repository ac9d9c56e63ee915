// A dense, keyboard-usable table: rows open with click, Enter or Space; a thin bar shows a reload in
// progress; with `checked`, a checkbox column selects rows for a bulk action. Columns that give a `sort` key sort the rows shown by a click on their header (ascending,
// then descending), announced with aria-sort.
import { useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface Column<R> {
  key: string;
  header: string;
  render(row: R): ReactNode;
  /** 'num' right-aligns, 'mono' uses the code font (ids, IPs, hashes), 'wrap' lets long text wrap. */
  kind?: 'num' | 'mono' | 'wrap';
  /** Caps the column (long text ends in an ellipsis; give the cell a title with the full text). */
  max?: 'sm' | 'md' | 'lg';
  /** The value this column sorts by; a column without one does not sort. */
  sort?(row: R): string | number | null;
}

interface Props<R> {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey(row: R): string;
  onOpen?(row: R): void;
  selectedKey?: string | null;
  busy?: boolean;
  /** Rows ticked for a bulk action: a checkbox column (with select-all) appears when given. */
  checked?: { keys: ReadonlySet<string>; onChange(keys: Set<string>): void; label(row: R): string };
}

type SortState = { key: string; dir: 'ascending' | 'descending' } | null;

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function DataTable<R>({ caption, columns, rows, rowKey, onOpen, selectedKey, busy, checked }: Props<R>) {
  const [sort, setSort] = useState<SortState>(null);
  const sorted = useMemo(() => {
    const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
    if (!sort || !col?.sort) return rows;
    const by = col.sort;
    const sign = sort.dir === 'ascending' ? 1 : -1;
    // Stable: equal values keep the engine's order.
    return rows.map((row, i) => ({ row, i, v: by(row) })).sort((a, b) => sign * compare(a.v, b.v) || a.i - b.i).map((x) => x.row);
  }, [rows, columns, sort]);
  const cycle = (key: string) => setSort((s) => (s?.key !== key ? { key, dir: 'ascending' } : s.dir === 'ascending' ? { key, dir: 'descending' } : null));

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
    // A table without focusable rows is still reachable by keyboard when it scrolls sideways (narrow screens).
    <div className={`table-wrap${busy ? ' is-busy' : ''}`} aria-busy={busy || undefined} {...(onOpen ? {} : { tabIndex: 0, role: 'region', 'aria-label': caption })}>
      <table className="data-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {checked ? (
              <th scope="col" className="check-cell">
                <input type="checkbox" aria-label={`Select all ${rows.length} rows shown`} checked={rows.length > 0 && rows.every((r) => checked.keys.has(rowKey(r)))} onChange={(e) => checked.onChange(new Set(e.target.checked ? rows.map(rowKey) : []))} />
              </th>
            ) : null}
            {columns.map((c) => {
              const dir = sort?.key === c.key ? sort.dir : undefined;
              return (
                <th key={c.key} scope="col" className={c.kind === 'num' ? 'num' : undefined} aria-sort={c.sort ? (dir ?? 'none') : undefined}>
                  {c.sort ? (
                    <button type="button" className="sort-button" onClick={() => cycle(c.key)}>
                      {c.header}
                      <span className="sort-mark" aria-hidden="true">{dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕'}</span>
                    </button>
                  ) : c.header}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => {
            const key = rowKey(row);
            return (
              <tr
                key={key}
                tabIndex={onOpen ? 0 : undefined}
                data-row-key={key}
                className={`${onOpen ? 'clickable' : ''}${selectedKey === key ? ' selected' : ''}`}
                aria-selected={onOpen ? selectedKey === key : undefined}
                onClick={onOpen ? () => onOpen(row) : undefined}
                onKeyDown={(e) => onKey(e, row)}
              >
                {checked ? (
                  <td className="check-cell" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
                    <input type="checkbox" aria-label={`Select ${checked.label(row)}`} checked={checked.keys.has(key)} onChange={(e) => {
                      const next = new Set(checked.keys);
                      if (e.target.checked) next.add(key);
                      else next.delete(key);
                      checked.onChange(next);
                    }} />
                  </td>
                ) : null}
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
