// The shapes of the AI asset registry: an agent or MCP server as the registry holds it, and what a caller
// may set on one. Shared by register, update, list and get, so the fields are declared once.
import { z } from 'zod';
import { ASSET_ENVIRONMENTS, ASSET_KINDS, ASSET_STATUSES, MCP_TRANSPORTS } from '../../domain/ai-assets';
import { actorSchema } from './policy-schemas';

const name = z.string().trim().min(1).max(200);
const shortText = z.string().trim().min(1).max(200);
const list = (what: string, max = 100) => z.array(shortText).max(max).describe(what);

/** What a caller may declare about an asset; every field optional on update. */
export const assetFields = {
  owner: shortText.nullable().optional().describe('Who answers for it: a person, team or email'),
  description: z.string().max(2000).nullable().optional(),
  environment: z.enum(ASSET_ENVIRONMENTS).nullable().optional(),
  // agent
  framework: shortText.nullable().optional().describe('Agent framework (langchain, crewai, openai-agents, custom…)'),
  models: list('Models the agent calls', 50).optional(),
  mcp_servers: list('MCP servers the agent can reach, by name or asset id').optional(),
  tools: list('Tools the agent can call, as server/tool or tool', 500).optional(),
  data_access: list('Data the agent is declared to read or write (e.g. crm:read, email:send)').optional(),
  capture_contents: z.boolean().optional().describe("Keep prompt and argument contents sent with this agent's activity (off by default: only digests are kept)"),
  // mcp_server
  transport: z.enum(MCP_TRANSPORTS).nullable().optional(),
  command: z.string().max(2000).nullable().optional().describe('Launch command of a stdio server'),
  url: z.string().url().max(2000).nullable().optional().describe('Endpoint of an HTTP server'),
  version: shortText.nullable().optional(),
  publisher: shortText.nullable().optional(),
};

export const assetRegisterInput = z.object({
  kind: z.enum(ASSET_KINDS),
  name,
  ...assetFields,
});

export const assetSchema = z.object({
  id: z.string(),
  kind: z.enum(ASSET_KINDS),
  name: z.string(),
  status: z.enum(ASSET_STATUSES).describe('active: reported in the last 5 minutes; idle: quiet since; retired: out of service'),
  owner: z.string().nullable(),
  description: z.string().nullable(),
  environment: z.enum(ASSET_ENVIRONMENTS).nullable(),
  framework: z.string().nullable(),
  models: z.array(z.string()),
  mcp_servers: z.array(z.string()),
  tools: z.array(z.string()),
  data_access: z.array(z.string()),
  capture_contents: z.boolean(),
  transport: z.enum(MCP_TRANSPORTS).nullable(),
  command: z.string().nullable(),
  url: z.string().nullable(),
  version: z.string().nullable(),
  publisher: z.string().nullable(),
  registered_by: actorSchema.describe('Who registered it last (an SDK key, an analyst, the CLI)'),
  registered_at: z.string(),
  updated_at: z.string(),
  last_seen_at: z.string().nullable().describe('Last registration, heartbeat or reported activity'),
  retired_at: z.string().nullable(),
  retired_reason: z.string().nullable(),
});
export type Asset = z.output<typeof assetSchema>;
