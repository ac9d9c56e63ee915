// A dense, keyboard-usable table: rows open with click, Enter or Space; Arrow keys, Page Up/Down, Home and
// End move between rows; a thin bar shows a reload in progress; with `checked`, a checkbox column selects
// rows for a bulk action. Columns that give a `sort` key sort the rows shown by a click on their header
// (ascending, then descending), announced with aria-sort.
// A long list (more than WINDOW_FROM rows of one line each) draws only the rows in and near the viewport
// (use-row-window.ts): the others are spacer rows of the same height, the table still says how many rows
// it has and where each drawn row is (aria-rowcount, aria-rowindex), and moving by keyboard draws the row
// it reaches before focusing it.
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useFrozenColumns } from './use-frozen-columns';
import { useRowWindow } from './use-row-window';

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

/** Lists longer than this draw only the rows near the viewport (when every row is one line high). */
const WINDOW_FROM = 100;

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
}

interface RowProps<R> {
  row: R;
  index: number;
  rowKey: string;
  columns: Column<R>[];
  selected: boolean;
  /** Part of the contiguous window (measured for the row height), not a pinned row drawn on its own. */
  inWindow: boolean;
  /** Only some rows are drawn: the row says where it is (aria-rowindex). */
  windowed: boolean;
  onOpen?(row: R): void;
  onKey(e: KeyboardEvent<HTMLTableRowElement>, index: number, row: R): void;
  onFocusRow(key: string): void;
  /** With a checkbox column: whether this row is ticked, its accessible name, and the toggle. */
  checkedOn?: boolean;
  checkLabel?: string;
  toggle?(key: string, on: boolean): void;
}

/** One row; memoised, so moving the window renders only the rows that come into it. */
function RowView<R>({ row, index, rowKey: key, columns, selected, inWindow, windowed, onOpen, onKey, onFocusRow, checkedOn, checkLabel, toggle }: RowProps<R>) {
  return (
    <tr
      tabIndex={onOpen ? 0 : undefined}
      data-row-key={key}
      data-row-index={index}
      data-window={inWindow ? '' : undefined}
      aria-rowindex={windowed ? index + 2 : undefined}
      className={`${onOpen ? 'clickable' : ''}${selected ? ' selected' : ''}`}
      aria-selected={onOpen ? selected : undefined}
      onClick={onOpen ? () => onOpen(row) : undefined}
      onKeyDown={(e) => onKey(e, index, row)}
      onFocus={onOpen ? (e) => { if (e.target === e.currentTarget) onFocusRow(key); } : undefined}
    >
      {toggle ? (
        <td className="check-cell" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
          <input type="checkbox" aria-label={`Select ${checkLabel}`} checked={checkedOn} onChange={(e) => toggle(key, e.target.checked)} />
        </td>
      ) : null}
      {columns.map((c) => (
        <td key={c.key} className={[c.kind, c.max && `max-${c.max}`].filter(Boolean).join(' ') || undefined}>
          {c.render(row)}
        </td>
      ))}
    </tr>
  );
}
const Row = memo(RowView) as typeof RowView;

function Spacer({ rows, height, span }: { rows: number; height: number; span: number }) {
  return rows > 0 ? (
    <tr className="row-spacer" aria-hidden="true">
      <td colSpan={span} style={{ height: rows * height }} />
    </tr>
  ) : null;
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
  const keys = useMemo(() => sorted.map(rowKey), [sorted, rowKey]);

  const body = useRef<HTMLTableSectionElement>(null);
  const windowed = sorted.length > WINDOW_FROM && !columns.some((c) => c.kind === 'wrap');
  const win = useRowWindow(body, sorted.length, windowed);
  const frozen = useFrozenColumns(windowed, sorted);
  const widths = frozen.widths;

  // The row that has (or last had) focus stays drawn, so scrolling it out of view does not drop focus.
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const focusAfterRender = useRef<number | null>(null);
  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(sorted.length - 1, index));
    const drawnRow = body.current?.querySelector<HTMLElement>(`tr[data-row-index="${target}"]`);
    if (drawnRow) {
      drawnRow.focus();
      return;
    }
    // Not drawn: pin it, then focus it once rendered (focus scrolls it into view, which moves the window there).
    focusAfterRender.current = target;
    setFocusedKey(keys[target] ?? null);
  };
  useLayoutEffect(() => {
    const target = focusAfterRender.current;
    if (target === null) return;
    focusAfterRender.current = null;
    body.current?.querySelector<HTMLElement>(`tr[data-row-index="${target}"]`)?.focus();
  });

  const pageRows = Math.max(1, Math.floor(window.innerHeight / win.rowHeight) - 1);
  const onKey = (e: KeyboardEvent<HTMLTableRowElement>, index: number, row: R) => {
    if (!onOpen || e.target !== e.currentTarget) return;
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + pageRows, PageUp: index - pageRows, Home: 0, End: sorted.length - 1 };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(row);
    } else if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    }
  };

  const toggle = (key: string, on: boolean) => {
    if (!checked) return;
    const next = new Set(checked.keys);
    if (on) next.add(key);
    else next.delete(key);
    checked.onChange(next);
  };
  // Stable handlers for the memoised rows, calling this render's functions.
  const latest = useRef({ onKey, toggle });
  latest.current = { onKey, toggle };
  const stableKey = useCallback((e: KeyboardEvent<HTMLTableRowElement>, index: number, row: R) => latest.current.onKey(e, index, row), []);
  const stableToggle = useCallback((key: string, on: boolean) => latest.current.toggle(key, on), []);

  // Drawn: the window, and the focused and selected rows wherever they are; spacers fill the gaps.
  const end = Math.min(win.end, sorted.length);
  const pinned = [focusedKey, selectedKey ?? null].map((k) => (k === null ? -1 : keys.indexOf(k))).filter((i) => i >= 0 && (i < win.start || i >= end));
  const drawn = [...new Set([...pinned, ...Array.from({ length: end - win.start }, (_, i) => win.start + i)])].sort((a, b) => a - b);
  const span = columns.length + (checked ? 1 : 0);
  const body_: ReactNode[] = [];
  let next = 0;
  for (const i of drawn) {
    if (i > next) body_.push(<Spacer key={`gap-${next}`} rows={i - next} height={win.rowHeight} span={span} />);
    const row = sorted[i]!;
    const key = keys[i]!;
    body_.push(
      <Row key={key} row={row} index={i} rowKey={key} columns={columns} selected={selectedKey === key} inWindow={i >= win.start && i < end} windowed={windowed}
        onOpen={onOpen} onKey={stableKey} onFocusRow={setFocusedKey}
        {...(checked ? { checkedOn: checked.keys.has(key), checkLabel: checked.label(row), toggle: stableToggle } : {})} />,
    );
    next = i + 1;
  }
  if (next < sorted.length) body_.push(<Spacer key={`gap-${next}`} rows={sorted.length - next} height={win.rowHeight} span={span} />);

  return (
    // A table without focusable rows is still reachable by keyboard when it scrolls sideways (narrow screens).
    <div className={`table-wrap${busy ? ' is-busy' : ''}`} aria-busy={busy || undefined} {...(onOpen ? {} : { tabIndex: 0, role: 'region', 'aria-label': caption })}>
      <table ref={frozen.ref} className={`data-table${windowed ? ' is-windowed' : ''}${widths ? ' is-fixed' : ''}`} aria-rowcount={windowed ? sorted.length + 1 : undefined}>
        <caption className="sr-only">{caption}</caption>
        {widths ? <colgroup>{widths.map((w, i) => <col key={i} style={{ width: w }} />)}</colgroup> : null}
        <thead>
          <tr aria-rowindex={windowed ? 1 : undefined}>
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
        <tbody ref={body}>{body_}</tbody>
      </table>
    </div>
  );
}
