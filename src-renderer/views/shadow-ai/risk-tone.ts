// The badge tone of each Shadow AI risk level (the spec's HIGH / MEDIUM / LOW).
import type { ShadowRiskLevel } from '@shared/domain/shadow-ai';
import type { Tone } from '../../components/tones';

export const riskTone: Record<ShadowRiskLevel, Tone> = { HIGH: 'danger', MEDIUM: 'warn', LOW: 'ok' };
