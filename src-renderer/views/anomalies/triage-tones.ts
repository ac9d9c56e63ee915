// The colour severities, anomaly and incident statuses, score bands and compliance states speak in.
import type { AnomalyStatus, ComplianceState, IncidentStatus, Severity } from '@shared/domain/enums';
import type { Tone } from '../../components/tones';

export const severityTone: Record<Severity, Tone> = { critical: 'danger', high: 'danger', medium: 'warn', low: 'info' };
export const anomalyStatusTone: Record<AnomalyStatus, Tone> = { open: 'danger', acknowledged: 'warn', resolved: 'ok', false_positive: 'neutral' };
export const incidentStatusTone: Record<IncidentStatus, Tone> = { open: 'danger', contained: 'warn', closed: 'ok' };
export const bandTone: Record<'high_risk' | 'moderate' | 'healthy', Tone> = { high_risk: 'danger', moderate: 'warn', healthy: 'ok' };
export const complianceTone: Record<ComplianceState, Tone> = { compliant: 'ok', partial: 'warn', non_compliant: 'danger' };
export const controlTone: Record<'pass' | 'fail' | 'partial' | 'not_applicable', Tone> = { pass: 'ok', fail: 'danger', partial: 'warn', not_applicable: 'neutral' };
