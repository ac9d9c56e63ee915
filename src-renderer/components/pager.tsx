// Paging for list screens: "1–50 of 1,234", previous/next, and rows per page.
import { fmtInt } from './format';

/** Rows per page offered by default; a list that draws only the rows in view (a windowed table) may offer more. */
const SIZES: readonly number[] = [25, 50, 100, 250];

export function Pager({ total, limit, offset, onChange, sizes = SIZES }: { total: number; limit: number; offset: number; onChange(patch: { limit?: number; offset?: number }): void; sizes?: readonly number[] }) {
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label="Pages">
      <span className="pager-range">
        {fmtInt(from)}–{fmtInt(to)} of {fmtInt(total)}
      </span>
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => onChange({ offset: Math.max(0, offset - limit) })}>
        <span aria-hidden="true">‹ </span>Previous
      </button>
      <span className="pager-page">
        Page {fmtInt(page)} / {fmtInt(pages)}
      </span>
      <button type="button" className="btn btn-small" disabled={offset + limit >= total} onClick={() => onChange({ offset: offset + limit })}>
        Next<span aria-hidden="true"> ›</span>
      </button>
      <label className="pager-size">
        Rows
        <select value={limit} onChange={(e) => onChange({ limit: Number(e.target.value), offset: 0 })}>
          {sizes.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
