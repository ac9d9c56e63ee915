// The spec's Shadow AI risk table, with the reason shown: HIGH for PII detected in uploads or an unknown
// unclassified service, MEDIUM for an unregistered but known AI service, LOW for a registered and
// approved one. An approved service used with PII categories it is not approved for is raised to HIGH.
// And the Shadow AI score: 100 less what each unregistered service in use costs, weighted by its
// users, its volume and its risk, every point explained.
import type { PiiCategory, ShadowRiskLevel } from '@shared/domain/shadow-ai';

export interface RiskInput {
  unknown: boolean;
  approved: { owner: string | null; data_classes: string[]; approved_by: string } | null;
  /** PII categories the extension reported in uploads to this service, with counts. */
  pii: Partial<Record<PiiCategory, number>>;
  name: string;
  audience: string;
  kind: string;
  classified: boolean;
  reason?: string;
}

export function assessRisk(s: RiskInput): { level: ShadowRiskLevel; reason: string } {
  const piiCats = Object.keys(s.pii) as PiiCategory[];
  const fmt = (cats: PiiCategory[]) => cats.map((c) => `${c} ×${s.pii[c]}`).join(', ');
  if (s.approved) {
    const outside = piiCats.filter((c) => !s.approved?.data_classes.includes(c));
    if (outside.length) return { level: 'HIGH', reason: `Approved service used with PII it is not approved for: ${fmt(outside)}` };
    return { level: 'LOW', reason: `Registered and approved AI service${s.approved.owner ? ` (owner ${s.approved.owner})` : ''}` };
  }
  if (piiCats.length) return { level: 'HIGH', reason: `PII detected in uploads: ${fmt(piiCats)}` };
  if (s.unknown) return { level: 'HIGH', reason: `Unknown unclassified service${s.reason ? ` (${s.reason})` : ''}: in no catalogue, waiting in the review queue` };
  return { level: 'MEDIUM', reason: `Unregistered but known ${s.audience} AI service (${s.kind.replace('_', ' ')}${s.classified ? '' : ', on a public AI list, not yet classified'})` };
}

/** What one unregistered service in use takes off the Shadow AI score at most, by risk. */
const RISK_POINTS: Record<ShadowRiskLevel, number> = { HIGH: 20, MEDIUM: 8, LOW: 0 };

export interface ScoredService { id: string; name: string; risk: ShadowRiskLevel; users: number; devices: number; bytes_up: number }
export interface ScoreFactor { factor: string; component: string; points: number; why: string }

/**
 * Penalty = risk points × (1 + 0.5·log2(people)) × (1 + 0.25·log10(1 + MB up)), where people are its
 * users, or its devices when no user is known: one person trying a service costs the base, a service
 * half the company uploads to costs up to 3× it. LOW (approved) costs nothing.
 */
export function shadowScore(services: readonly ScoredService[]): { score: number; factors: ScoreFactor[] } {
  const factors: ScoreFactor[] = [];
  for (const s of services) {
    const base = RISK_POINTS[s.risk];
    if (base === 0) continue;
    const people = Math.max(1, s.users || s.devices);
    const mb = s.bytes_up / 1_000_000;
    const weight = Math.min(3, (1 + 0.5 * Math.log2(people)) * (1 + 0.25 * Math.log10(1 + mb)));
    const points = -Math.round(base * weight * 10) / 10;
    factors.push({
      factor: s.risk === 'HIGH' ? 'high_risk_ai_service' : 'unregistered_ai_service', component: 'shadow', points,
      why: `${s.name}: ${s.risk}, ${people} ${s.users ? 'user' : 'device'}${people === 1 ? '' : 's'}, ${mb.toFixed(1)} MB up`,
    });
  }
  factors.sort((a, b) => a.points - b.points);
  return { score: Math.max(0, Math.round(100 + factors.reduce((t, f) => t + f.points, 0))), factors };
}
