// Column widths of a windowed table, measured from its first drawn rows and then held. With automatic table
// layout the browser sizes every column from the rows drawn, so each move of the row window re-measured the
// whole table (and columns changed width as rows scrolled past); with the widths fixed, rows entering the
// window are laid out on their own. Measured again when the columns, the rows or the window's width change.
import { useCallback, useLayoutEffect, useMemo, useState, type RefCallback } from 'react';

/** `ref` goes on the table; `widths` (null until measured, and while not enabled) size its columns. */
export function useFrozenColumns(enabled: boolean, resetKey: unknown): { ref: RefCallback<HTMLTableElement>; widths: number[] | null } {
  const [viewport, setViewport] = useState(() => window.innerWidth);
  useLayoutEffect(() => {
    const onResize = () => setViewport(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  // A new set of rows or columns, or another window width, is a new layout: widths held for an older one are not used.
  const layout = useMemo(() => ({ enabled, resetKey, viewport }), [enabled, resetKey, viewport]);
  const [held, setHeld] = useState<{ layout: object; widths: number[] } | null>(null);
  const widths = enabled && held !== null && held.layout === layout ? held.widths : null;

  // A new callback per layout: React attaches it again, to the table just drawn with automatic widths, and it
  // measures them (reading the committed table's size lays it out there and then, before it is painted).
  const ref = useCallback((table: HTMLTableElement | null) => {
    if (table === null || !layout.enabled) return;
    const cells = table.querySelectorAll<HTMLTableCellElement>('thead tr > th');
    if (cells.length > 0) setHeld({ layout, widths: [...cells].map((th) => th.getBoundingClientRect().width) });
  }, [layout]);
  return { ref, widths };
}
