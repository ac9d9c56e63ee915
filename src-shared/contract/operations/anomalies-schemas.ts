// The anomaly as every door shows it: the fields of the list_anomalies example first, in its order,
// then the destinations, status, incident and evidence an analyst needs to act on it.
import { z } from 'zod';
import { ANOMALY_STATUSES, ANOMALY_TYPES, ENTITY_TYPES, RECOMMENDED_ACTIONS, SEVERITIES } from '../../domain/enums';

export const anomalySchema = z.object({
  id: z.string().describe('ano_ + ULID'),
  entity_type: z.enum(ENTITY_TYPES),
  entity_id: z.string(),
  type: z.enum(ANOMALY_TYPES),
  severity: z.enum(SEVERITIES),
  confidence: z.number().min(0).max(1),
  detected_at: z.string().describe('When the behaviour was first seen (data time, ISO 8601)'),
  description: z.string(),
  recommended_action: z.enum(RECOMMENDED_ACTIONS),
  observed_destinations: z.array(z.string()).describe('Destinations involved: C2 or exfiltration targets, hosts reached by a lateral movement'),
  status: z.enum(ANOMALY_STATUSES),
  incident_id: z.string().nullable().describe('The incident this anomaly is grouped into, if any'),
  evidence: z.record(z.string(), z.unknown()).describe('Counts, window, sample destinations and event ids behind the finding'),
  last_seen_at: z.string().describe('Latest evidence (data time)'),
  occurrences: z.number().int().min(1).describe('How many times the detector reported it'),
  status_reason: z.string().nullable(),
  status_changed_at: z.string().nullable(),
});
export type AnomalyView = z.output<typeof anomalySchema>;

export const anomalyListSchema = z.object({
  anomalies: z.array(anomalySchema),
  total: z.number().int().min(0).describe('How many match the filters (the list holds at most limit of them)'),
});
