// list_anomalies (the spec's tool: open anomalies, exact input schema) and anomalies.search (the
// console's and CLI's filtered, paged list over every status): one engine listing behind both.
import { z } from 'zod';
import { ANOMALY_STATUSES, ANOMALY_TYPES, ENTITY_TYPES, SEVERITIES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput } from '../pagination';
import { anomalyListSchema } from './anomalies-schemas';

export const anomaliesList = defineOperation({
  name: 'anomalies.list',
  title: 'Open anomalies',
  description: 'List open anomalies across the fleet (status open), most severe and most recent first, optionally filtered by severity or entity type.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    severity: z.enum(SEVERITIES).optional(),
    entity_type: z.enum(ENTITY_TYPES).optional(),
    limit: z.number().int().min(1).max(1000).default(20),
  }),
  output: anomalyListSchema,
  mcp: { tool: 'list_anomalies', description: 'List open anomalies across the fleet.' },
});

export const ANOMALY_STATUS_FILTERS = [...ANOMALY_STATUSES, 'all'] as const;

export const anomaliesSearch = defineOperation({
  name: 'anomalies.search',
  rest: { method: 'GET', path: '/api/v1/anomalies' },
  title: 'Anomalies',
  description: 'List anomalies of any status, filtered by severity, type, entity and status, most severe and most recent first, paginated.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    severity: z.enum(SEVERITIES).optional(),
    entity_type: z.enum(ENTITY_TYPES).optional(),
    entity_id: z.string().min(1).max(200).optional(),
    type: z.enum(ANOMALY_TYPES).optional(),
    status: z.enum(ANOMALY_STATUS_FILTERS).default('open').describe("Only this status; 'all' for every status (default open)"),
    ...pageInput,
  }),
  output: anomalyListSchema,
});
