// get_threat_context: enrich an IP, CIDR, domain, URL or file hash from the local indicator store.
import { z } from 'zod';
import { INDICATOR_TYPES, REPUTATIONS } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';

export const threatContextSchema = z.object({
  indicator: z.string(),
  type: z.enum(INDICATOR_TYPES),
  reputation: z.enum(REPUTATIONS),
  categories: z.array(z.string()),
  threat_actors: z.array(z.string()),
  first_seen: z.string().nullable(),
  last_seen: z.string().nullable(),
  feed_sources: z.number().int().min(0),
  blocked_in_fleet: z.boolean(),
  block_policy_id: z.string().nullable(),
  listed_inside: z.array(z.object({ indicator: z.string(), reputation: z.enum(REPUTATIONS) })).optional()
    .describe('For a queried IPv4 range: the listed addresses and narrower ranges inside it (at most 50)'),
});
export type ThreatContext = z.output<typeof threatContextSchema>;

export const intelLookup = defineOperation({
  name: 'intel.lookup',
  rest: { method: 'GET', path: '/api/v1/threat-context' },
  title: 'Threat context',
  description: 'Get live threat intelligence context for an IP, domain, or hash.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    indicator: z.string().min(1).max(2048).describe('IP address, domain, or SHA-256 hash'),
  }),
  output: threatContextSchema,
  mcp: { tool: 'get_threat_context', description: 'Get live threat intelligence context for an IP, domain, or hash.' },
});
