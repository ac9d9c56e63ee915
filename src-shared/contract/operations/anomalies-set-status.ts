// An analyst triages an anomaly: acknowledge it, resolve it, or mark it a false positive (with why), or
// reopens it (the console's undo of a triage).
import { z } from 'zod';
import { defineOperation } from '../define';
import { anomalySchema } from './anomalies-schemas';

const ANOMALY_TRIAGE_STATUSES = ['acknowledged', 'resolved', 'false_positive', 'open'] as const;

export const anomaliesSetStatus = defineOperation({
  name: 'anomalies.setStatus',
  rest: { method: 'PATCH', path: '/api/v1/anomalies/{anomaly_id}' },
  title: 'Triage anomaly',
  description: 'Acknowledge an anomaly, resolve it, or mark it a false positive; or reopen it (undo a triage; refused when a newer open anomaly has the same subject). A reason is required to resolve or dismiss; the change is audited and logged as an anomaly event. Settling the last unsettled member of an incident closes it (closed_incidents says which); reopening that anomaly reopens it (reopened_incidents).',
  scope: 'incident:manage',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    anomaly_id: z.string().min(1).max(200),
    status: z.enum(ANOMALY_TRIAGE_STATUSES),
    reason: z.string().max(2000).optional().describe('Why: recorded with the status and in the audit log (required for resolved and false_positive)'),
  }),
  output: anomalySchema.extend({
    closed_incidents: z.array(z.string()).describe('Incidents this triage closed (it settled their last unsettled member)'),
    reopened_incidents: z.array(z.string()).describe('Incidents this reopen brought back (the triage it undoes had closed them)'),
  }),
});
