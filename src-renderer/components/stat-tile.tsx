// One headline number on the overview, optionally a link to the screen that explains it.
import type { ReactNode } from 'react';
import type { Tone } from './tones';

export function StatTile({ label, value, detail, tone, onOpen }: { label: string; value: ReactNode; detail?: ReactNode; tone?: Tone; onOpen?(): void }) {
  const body = (
    <>
      <span className="tile-label">{label}</span>{' '}
      <span className={`tile-value${tone ? ` tone-${tone}` : ''}`}>{value}</span>
      {detail ? <>{' '}<span className="tile-detail">{detail}</span></> : null}
    </>
  );
  return onOpen ? (
    // The visible text (label, number, detail) is the button's name, so a screen reader hears the number.
    <button type="button" className="tile tile-link" onClick={onOpen}>
      {body}
    </button>
  ) : (
    <div className="tile">{body}</div>
  );
}
