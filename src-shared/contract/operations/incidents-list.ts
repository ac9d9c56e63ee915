// list_incidents and get_incident: incidents by status and severity, and one with its timeline and anomalies.
import { z } from 'zod';
import { INCIDENT_STATUSES, SEVERITIES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput } from '../pagination';
import { incidentDetailSchema, incidentSchema } from './incidents-schemas';

export const incidentsList = defineOperation({
  name: 'incidents.list',
  rest: { method: 'GET', path: '/api/v1/incidents' },
  title: 'Incidents',
  description: 'List incidents (related anomalies grouped by entity, shared indicator or lateral spread): open first, then contained, then closed; most severe and most recently updated first.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    status: z.enum(INCIDENT_STATUSES).optional().describe('Only incidents in this status (default: all)'),
    severity: z.enum(SEVERITIES).optional(),
    ...pageInput,
  }),
  output: z.object({ incidents: z.array(incidentSchema), total: z.number().int().min(0) }),
  mcp: { tool: 'list_incidents', description: 'List incidents, optionally filtered by status or severity.' },
});

export const incidentsGet = defineOperation({
  name: 'incidents.get',
  rest: { method: 'GET', path: '/api/v1/incidents/{incident_id}' },
  title: 'Incident',
  description: 'Get one incident with its entities, indicators, timeline of anomalies and actions, and member anomalies.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ incident_id: z.string().min(1).max(200) }),
  output: incidentDetailSchema,
  mcp: { tool: 'get_incident', description: 'Get an incident with its timeline and member anomalies.' },
});
