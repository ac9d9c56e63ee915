// Pieces every posture tool shares: explainable factors, the four weighted dimensions, the score band
// and the behavioral baseline object of get_device_posture.
import { z } from 'zod';
import { DEFAULT_POSTURE_WEIGHTS, type PostureDimension } from '../../domain/bands';
import { SEVERITIES } from '../../domain/enums';

export const POSTURE_DIMENSIONS = Object.keys(DEFAULT_POSTURE_WEIGHTS) as PostureDimension[];
const dimensionEnum = z.enum(POSTURE_DIMENSIONS as [PostureDimension, ...PostureDimension[]]);

export const SCORE_BANDS = ['high_risk', 'moderate', 'healthy'] as const;

const factorSchema = z.object({
  dimension: dimensionEnum.describe('The posture dimension this factor counts against'),
  factor: z.string().describe('Machine name of the factor, e.g. identity_unverified, firmware_eol, lateral_movement_attempt'),
  points: z.number().describe('Points this factor takes off its dimension score (0–100); negative'),
  why: z.string().describe('Plain-language reason, with the numbers behind it'),
  entity_id: z.string().optional().describe('User posture: the device this factor was inherited from'),
});
export type PostureFactor = z.output<typeof factorSchema>;

const scoreCapSchema = z.object({
  limit: z.number().int().min(0).max(100).describe('The highest score the entity can have while the anomaly is open'),
  factor: z.string().describe('The anomaly type behind the cap, e.g. lateral_movement_attempt'),
  severity: z.enum(SEVERITIES).describe('The anomaly\'s severity: critical or high, or any severity for a high-confidence active compromise (c2_beaconing, lateral_movement_attempt)'),
  anomaly_id: z.string(),
  why: z.string(),
  entity_id: z.string().optional().describe('User posture: the device the cap was inherited from'),
});
export type ScoreCap = z.output<typeof scoreCapSchema>;

export const fleetFactorSchema = factorSchema.omit({ entity_id: true }).extend({
  points: z.number().describe('Fleet score points this factor costs (already weighted and averaged over the fleet); negative'),
  entities: z.number().int().min(0).describe('How many devices and workloads carry this factor'),
});
export type FleetFactor = z.output<typeof fleetFactorSchema>;

const dimensionSchema = z.object({
  score: z.number().int().min(0).max(100).describe('Dimension score, 0 (worst) to 100 (nothing found against it)'),
  weight: z.number().min(0).max(100).describe('Weight of the dimension in the posture score, percent'),
});
export const dimensionsSchema = z.object({
  identity: dimensionSchema.describe('Identity verification: cryptographic identity, certificate freshness, enrollment, MFA'),
  behavior: dimensionSchema.describe('Behavioral conformance: open anomalies and deviation from the learned baseline'),
  policy: dimensionSchema.describe('Policy compliance: violations, unenforced recommendations, coverage gaps'),
  threat: dimensionSchema.describe('Threat exposure: IoC contacts, end-of-life or vulnerable firmware'),
});
export type PostureDimensions = z.output<typeof dimensionsSchema>;

export const scoreFields = {
  score: z.number().int().min(0).max(100).describe('Posture score 0–100 (higher is better): the weighted sum of the dimension scores'),
  band: z.enum(SCORE_BANDS).describe('0–40 high_risk, 41–70 moderate, 71–100 healthy'),
  dimensions: dimensionsSchema,
  factors: z.array(factorSchema).describe('Every factor behind the score, most costly first'),
  score_cap: scoreCapSchema.nullable().describe('A severe open anomaly holding the score below the weighted sum of its dimensions (critical: 40, high: 70), or null'),
  assessed_at: z.string().describe('When this posture was computed (ISO 8601)'),
};

export const behavioralBaselineSchema = z.object({
  established: z.boolean().describe('Whether enough history has been observed to trust the baseline'),
  established_at: z.string().nullable(),
  avg_connections_per_hour: z.number(),
  known_destinations: z.array(z.string()).describe('Most frequent destinations (IPs or DNS names)'),
  deviation_score: z.number().describe('How far recent behaviour strays from the baseline, 0 (none) to 1'),
});
export type BehavioralBaseline = z.output<typeof behavioralBaselineSchema>;

export const riskFields = {
  risk_score: z.number().int().min(0).max(100).describe('100 − posture score: higher is riskier'),
  risk_factors: z.array(z.string()).describe('Machine names of the active negative factors, most costly first'),
};
