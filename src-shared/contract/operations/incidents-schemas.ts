// The incident as every door shows it: title, severity, status, the entities (with their role) and
// indicators involved, and — for one incident — its timeline and member anomalies.
import { z } from 'zod';
import { ANOMALY_TYPES, ENTITY_TYPES, INCIDENT_STATUSES, SEVERITIES } from '../../domain/enums';
import { anomalySchema } from './anomalies-schemas';

export const INCIDENT_ROLES = ['source', 'affected', 'target'] as const;
export const TIMELINE_KINDS = ['opened', 'anomaly', 'escalated', 'merged', 'contained', 'closed', 'action', 'reopened'] as const;

const incidentEntitySchema = z.object({
  entity_type: z.enum(ENTITY_TYPES),
  entity_id: z.string(),
  role: z.enum(INCIDENT_ROLES).describe('source: a lateral movement started here; affected: has anomalies in the incident; target: reached by a source'),
  anomaly_count: z.number().int().min(0),
  anomaly_types: z.array(z.enum(ANOMALY_TYPES)),
  first_activity_at: z.string().describe('Data time of its first activity in the incident (for a target: when it was reached)'),
  last_activity_at: z.string(),
});

export const incidentSchema = z.object({
  id: z.string().describe('inc_ + ULID'),
  title: z.string(),
  severity: z.enum(SEVERITIES).describe('The highest severity of its anomalies (false positives aside)'),
  status: z.enum(INCIDENT_STATUSES),
  opened_at: z.string().describe('When Threatmatic opened the incident'),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
  resolution: z.string().nullable(),
  anomaly_count: z.number().int().min(0),
  first_activity_at: z.string().nullable().describe('Data time of the earliest member anomaly'),
  last_activity_at: z.string().nullable().describe('Data time of the latest evidence of any member anomaly'),
  entities: z.array(incidentEntitySchema),
  indicators: z.array(z.string()).describe('Indicators and destinations its anomalies share: C2 servers, exfiltration targets, CVEs'),
});
export type IncidentView = z.output<typeof incidentSchema>;

const timelineEntrySchema = z.object({
  ts: z.string().describe('Data time for detections, action time for analyst and system actions'),
  kind: z.enum(TIMELINE_KINDS),
  ref: z.string().nullable().describe('The anomaly, incident or actor the entry is about'),
  summary: z.string(),
});

export const incidentDetailSchema = incidentSchema.extend({
  timeline: z.array(timelineEntrySchema),
  anomalies: z.array(anomalySchema),
});
export type IncidentDetailView = z.output<typeof incidentDetailSchema>;
