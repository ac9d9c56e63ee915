// A small coloured label for a status value (firmware, trust, reputation, MFA…).
import type { ReactNode } from 'react';
import type { Tone } from './tones';

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
