// Column widths of a windowed table, measured from its first drawn rows and then held. With automatic table
// layout the browser sizes every column from the rows drawn, so each move of the row window re-measured the
// whole table (and columns changed width as rows scrolled past); with the widths fixed, rows entering the
// window are laid out on their own. Measured again when the columns, the rows or the window's width change.
import { useLayoutEffect, useState, type RefObject } from 'react';

export function useFrozenColumns(table: RefObject<HTMLTableElement | null>, enabled: boolean, resetKey: unknown): number[] | null {
  const [widths, setWidths] = useState<number[] | null>(null);
  const [viewport, setViewport] = useState(() => window.innerWidth);

  useLayoutEffect(() => {
    const onResize = () => setViewport(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  // A new set of rows or columns, or another window width: lay out automatically once, then measure.
  useLayoutEffect(() => {
    setWidths(null);
  }, [enabled, resetKey, viewport]);

  useLayoutEffect(() => {
    if (!enabled || widths !== null) return;
    const cells = table.current?.querySelectorAll<HTMLTableCellElement>('thead tr > th');
    if (cells && cells.length > 0) setWidths([...cells].map((th) => th.getBoundingClientRect().width));
  }, [enabled, widths, table]);

  return enabled ? widths : null;
}
