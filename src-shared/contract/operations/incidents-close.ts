// close_incident (input exactly as the spec writes it) and incidents.contain: an incident's status changes.
import { z } from 'zod';
import { defineOperation } from '../define';
import { incidentDetailSchema } from './incidents-schemas';

const STATE_CHANGE = { readOnly: false, destructive: false, idempotent: true };

export const incidentsClose = defineOperation({
  name: 'incidents.close',
  rest: { method: 'POST', path: '/api/v1/incidents/{incident_id}/close' },
  title: 'Close incident',
  description: 'Close an active incident: record the resolution, resolve its open anomalies and, when asked, release the devices isolated during it. Closing a closed incident changes nothing.',
  scope: 'incident:manage',
  // Destructive: it can lift quarantines. Only a close that releases devices changes containment.
  annotations: { ...STATE_CHANGE, destructive: true },
  changesAccess: { when: (input) => input.release_quarantined_devices },
  input: z.object({
    incident_id: z.string().min(1).max(200),
    resolution: z.string().max(4000).optional().describe('Summary of how the incident was resolved'),
    release_quarantined_devices: z.boolean().default(false).describe('Automatically release any devices isolated during this incident'),
  }),
  output: incidentDetailSchema,
  mcp: { tool: 'close_incident', description: 'Close an active incident.' },
});

export const incidentsContain = defineOperation({
  name: 'incidents.contain',
  rest: { method: 'POST', path: '/api/v1/incidents/{incident_id}/contain' },
  title: 'Contain incident',
  description: 'Mark an open incident contained: the threat is held and recovery is under way. Containing a contained incident changes nothing; a closed one cannot be.',
  scope: 'incident:manage',
  annotations: STATE_CHANGE,
  input: z.object({ incident_id: z.string().min(1).max(200) }),
  output: incidentDetailSchema,
});
