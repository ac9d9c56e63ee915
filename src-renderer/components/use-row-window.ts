// The rows of a long table that are drawn: those in the viewport and a margin around them, plus pinned rows
// (the focused and the selected one, so focus and the highlight survive scrolling away). A frame of a
// table scrolled with every row in the DOM costs layout and compositing in proportion to the rows (each
// clipped cell is its own paint chunk): with a 250-row page that was most of a 60 Hz frame on a busy
// machine. Hand-written rather than a library: the scroller is an ancestor (the main area, or a drawer),
// not the table, and the rows stay real table rows between spacer rows, so the header and the body keep
// sharing column widths and the table keeps its semantics (aria-rowcount/aria-rowindex give positions).
//
// The window moves in steps of STEP rows: a scroll event only reads the body's position, and the state
// (a React render that adds and drops STEP rows) changes when the viewport crosses a step, not per event.
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Rows drawn at least beyond each edge of the viewport. */
const MARGIN = 8;
/**
 * The window moves (its start and end together) in multiples of this many rows. Small: with the column widths
 * held (use-frozen-columns.ts) a move lays out and paints only the rows it adds, so frequent small moves fit
 * in a frame where a move of 16 rows, every 16 rows, dropped one (console-ui bench).
 */
const STEP = 4;
/** Row height assumed until one is measured (px): a two-line cell. */
const FIRST_GUESS = 38;
/** Rows drawn before the first measurement. */
const FIRST_ROWS = 40;

export interface RowWindow {
  /** First row drawn in the window, and one past the last (pinned rows come on top of these). */
  start: number;
  end: number;
  /** The measured height of one row, for the spacers. */
  rowHeight: number;
}

/**
 * The window for a body whose top is at `bodyTop` in a viewport `viewport` px high: it starts a multiple of
 * STEP rows before the first visible row (at least MARGIN before) and spans a fixed number of rows, so
 * its ends move together, once per STEP rows scrolled.
 */
function windowFor(count: number, bodyTop: number, viewport: number, rowHeight: number): { start: number; end: number } {
  const first = Math.floor(Math.max(0, -bodyTop) / rowHeight);
  const span = Math.ceil((Math.ceil(viewport / rowHeight) + 2 * MARGIN + STEP) / STEP) * STEP;
  const start = Math.min(Math.max(0, Math.floor((first - MARGIN) / STEP) * STEP), Math.max(0, count - span));
  return { start, end: Math.min(count, start + span) };
}

/**
 * The window over `count` rows of the table body `body`; `enabled` false draws every row. The viewport is
 * the browser window (a superset of any scroller's visible part), so no scroller has to be found: any
 * scroll (captured at the document) or resize re-reads where the body is.
 */
export function useRowWindow(body: RefObject<HTMLTableSectionElement | null>, count: number, enabled: boolean): RowWindow {
  const [win, setWin] = useState<RowWindow>({ start: 0, end: enabled ? Math.min(count, FIRST_ROWS) : count, rowHeight: FIRST_GUESS });
  const current = useRef(win);
  current.current = win;

  const update = useCallback(() => {
    const el = body.current;
    if (!el) return;
    const prev = current.current;
    // The drawn rows of the window, measured: their mean height (borders included) sizes the spacers.
    const rows = el.querySelectorAll<HTMLTableRowElement>('tr[data-window]');
    let rowHeight = prev.rowHeight;
    if (rows.length > 1) {
      const measured = (rows[rows.length - 1]!.getBoundingClientRect().bottom - rows[0]!.getBoundingClientRect().top) / rows.length;
      if (measured > 0 && Math.abs(measured - rowHeight) > 0.5) rowHeight = measured;
    }
    const next = windowFor(count, el.getBoundingClientRect().top, window.innerHeight, rowHeight);
    if (next.start !== prev.start || next.end !== prev.end || rowHeight !== prev.rowHeight) setWin({ ...next, rowHeight });
  }, [body, count]);

  useLayoutEffect(() => {
    if (!enabled) {
      if (current.current.start !== 0 || current.current.end !== count) setWin((w) => ({ ...w, start: 0, end: count }));
      return;
    }
    update();
    document.addEventListener('scroll', update, { capture: true, passive: true });
    window.addEventListener('resize', update);
    return () => {
      document.removeEventListener('scroll', update, { capture: true });
      window.removeEventListener('resize', update);
    };
  }, [enabled, count, update]);

  // After each drawn window: the measured height may differ from the guess, which moves the window.
  useLayoutEffect(() => {
    if (enabled) update();
  }, [enabled, win.start, win.end, update]);

  return enabled ? win : { start: 0, end: count, rowHeight: win.rowHeight };
}
