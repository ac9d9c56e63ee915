// AI anomalies: findings about agents, MCP servers and AI services in use (a poisoned tool, a rug pull,
// the lethal trifecta, an unapproved service), listed and triaged like fleet anomalies but about the AI
// estate. Detectors in the MCP scanner, AI posture and shadow-AI discovery report them.
import { z } from 'zod';
import { AI_ANOMALY_TYPES, AI_SUBJECT_KINDS } from '../../domain/ai-assets';
import { ANOMALY_STATUSES, SEVERITIES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput } from '../pagination';

const aiAnomalySchema = z.object({
  id: z.string(),
  subject_kind: z.enum(AI_SUBJECT_KINDS),
  subject_id: z.string().describe('The asset id (agt_…, mcp_…) or the AI service'),
  subject_name: z.string().nullable(),
  type: z.enum(AI_ANOMALY_TYPES),
  severity: z.enum(SEVERITIES),
  confidence: z.number().min(0).max(1),
  detected_at: z.string(),
  last_seen_at: z.string(),
  occurrences: z.number().int(),
  description: z.string(),
  recommended_action: z.string().describe('What to do about it, in a sentence'),
  evidence: z.record(z.string(), z.unknown()),
  status: z.enum(ANOMALY_STATUSES),
  status_reason: z.string().nullable(),
  status_changed_at: z.string().nullable(),
});
export type AiAnomaly = z.output<typeof aiAnomalySchema>;

export const aiAnomaliesList = defineOperation({
  name: 'ai.listAnomalies',
  title: 'AI anomalies',
  description: 'List findings about AI agents, MCP servers and AI services in use (poisoned tools, rug pulls, the lethal trifecta, drift, unapproved services), most severe and most recent first.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    severity: z.enum(SEVERITIES).optional(),
    type: z.enum(AI_ANOMALY_TYPES).optional(),
    subject_kind: z.enum(AI_SUBJECT_KINDS).optional(),
    subject_id: z.string().min(1).max(200).optional(),
    status: z.enum([...ANOMALY_STATUSES, 'all']).default('open').describe("Only this status; 'all' for every status (default open)"),
    ...pageInput,
  }),
  output: z.object({ anomalies: z.array(aiAnomalySchema), total: z.number().int() }),
  mcp: { tool: 'list_ai_anomalies', description: 'List open anomalies about AI agents, MCP servers and AI services in use.' },
  rest: { method: 'GET', path: '/api/v1/ai/anomalies' },
});

export const aiAnomaliesSetStatus = defineOperation({
  name: 'ai.setAnomalyStatus',
  title: 'Triage an AI anomaly',
  description: 'Acknowledge an AI anomaly, resolve it, or mark it a false positive, with a reason (required for resolved and false_positive). Audited.',
  scope: 'incident:manage',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    anomaly_id: z.string().min(1).max(100),
    status: z.enum(['acknowledged', 'resolved', 'false_positive']),
    reason: z.string().trim().min(1).max(1000).optional(),
  }),
  output: aiAnomalySchema,
  rest: { method: 'POST', path: '/api/v1/ai/anomalies/{anomaly_id}/status' },
});
