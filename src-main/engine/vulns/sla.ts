// The SLA of an exposure: the spec's window by severity (CRITICAL 7 days, HIGH 30, MEDIUM 90, LOW 365),
// counted from when the CVE was first found on the stack (or first imported, for one not on it), unless
// a stricter date applies: the KEV catalogue's due date, or an SSVC "Act" decision from CISA's decision
// points (act within 2 days). The answer says which of these set the due date.
import type { Ssvc } from './types';

const SLA_DAYS = { critical: 7, high: 30, medium: 90, low: 365 } as const;
const SSVC_ACT_DAYS = 2;
const DAY = 86_400_000;

export type SsvcDecision = 'Act' | 'Attend' | 'Track*' | 'Track';

/**
 * CISA's coordinator decision from the ADP's decision points, with Mission & Well-being (which the record
 * cannot know) taken as high: actively exploited and automatable or of total impact is Act.
 */
export function ssvcDecision(s: Ssvc | null): SsvcDecision | null {
  if (!s || !s.exploitation) return null;
  if (s.exploitation === 'active') return s.automatable === 'yes' || s.technical_impact === 'total' ? 'Act' : 'Attend';
  if (s.exploitation === 'poc') return s.automatable === 'yes' && s.technical_impact === 'total' ? 'Attend' : 'Track*';
  return 'Track';
}

export interface Sla {
  severity: string;
  window_days: number;
  basis: 'severity' | 'kev' | 'ssvc_act';
  basis_text: string;
  start: string;
  due: string;
  days_left: number;
  overdue: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function computeSla(severity: string, start: number, kevDue: string | null, ssvc: Ssvc | null, now: number): Sla {
  const known = severity in SLA_DAYS;
  const windowDays = known ? SLA_DAYS[severity as keyof typeof SLA_DAYS] : SLA_DAYS.medium;
  let due = start + windowDays * DAY;
  let basis: Sla['basis'] = 'severity';
  let basisText = known ? `${severity.toUpperCase()}: ${windowDays} days` : `severity unknown (no CVSS): the MEDIUM window of ${windowDays} days is assumed`;
  if (ssvcDecision(ssvc) === 'Act') {
    const actDue = start + SSVC_ACT_DAYS * DAY;
    if (actDue < due) { due = actDue; basis = 'ssvc_act'; basisText = `CISA SSVC decision Act (exploitation ${ssvc!.exploitation}, automatable ${ssvc!.automatable}, technical impact ${ssvc!.technical_impact}): ${SSVC_ACT_DAYS} days`; }
  }
  if (kevDue) {
    // KEV due dates are calendar days: due by the end of that day, UTC.
    const kev = Date.parse(`${kevDue}T23:59:59Z`);
    if (!Number.isNaN(kev) && kev < due) { due = kev; basis = 'kev'; basisText = `CISA KEV due date ${kevDue}`; }
  }
  const daysLeft = Math.floor((due - now) / DAY);
  return { severity, window_days: windowDays, basis, basis_text: basisText, start: iso(start), due: iso(due), days_left: daysLeft, overdue: due < now };
}
