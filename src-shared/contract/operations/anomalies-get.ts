// get_anomaly: one anomaly by id, whatever its status, so an anomaly has an address (REST, MCP, and
// the console's #/anomalies/<id>) like an incident has.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { anomalySchema } from './anomalies-schemas';

export const anomaliesGet = defineOperation({
  name: 'anomalies.get',
  rest: { method: 'GET', path: '/api/v1/anomalies/{anomaly_id}' },
  title: 'Anomaly',
  description: 'Get one anomaly by id, whatever its status: what was seen, the evidence, its incident and its triage.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ anomaly_id: z.string().min(1).max(200) }),
  output: anomalySchema,
  mcp: { tool: 'get_anomaly', description: 'Get one anomaly by id, with its evidence, incident and triage status.' },
});
