// How a patch's severity and due date read on screen, shared by the table and the drawer.
import type { Patch } from '@shared/contract/operations/vulns-schemas';
import type { Tone } from '../../components/tones';

export const severityTone: Record<Patch['severity'], Tone> = { critical: 'danger', high: 'warn', medium: 'info', low: 'neutral', unknown: 'neutral' };

export function dueText(p: Patch): string {
  if (p.status !== 'open' && p.status !== 'investigating') return '—';
  const day = p.sla.due.slice(0, 10);
  return p.sla.overdue ? `${day} (overdue ${-p.sla.days_left}d)` : `${day} (${p.sla.days_left}d)`;
}
