// The AI asset registry: agents and MCP servers as first-class inventory. Register (the spec's POST
// /api/v1/assets; registering a name again updates that asset, so an SDK can register at every start),
// list, get, update and retire. Retiring keeps the record and its history.
import { z } from 'zod';
import { ASSET_KINDS, ASSET_STATUSES } from '../../domain/ai-assets';
import { defineOperation, READ_ONLY } from '../define';
import { pageInput, searchInput } from '../pagination';
import { assetFields, assetRegisterInput, assetSchema } from './assets-schemas';

const WRITE = { readOnly: false, destructive: false, idempotent: true } as const;
const assetId = z.string().min(1).max(100).describe('The asset id (agt_… or mcp_…)');

export const assetsRegister = defineOperation({
  name: 'assets.register',
  title: 'Register an AI asset',
  description: 'Register an AI agent or MCP server. Registering the same kind and name again updates that asset (and brings a retired one back), so an agent may register at every start.',
  scope: 'assets:write',
  annotations: WRITE,
  input: assetRegisterInput,
  output: z.object({ asset: assetSchema, created: z.boolean() }),
  mcp: { tool: 'register_ai_asset', description: 'Register an AI agent or MCP server in the asset registry (the same name again updates it).' },
  rest: { method: 'POST', path: '/api/v1/assets' },
});

export const assetsList = defineOperation({
  name: 'assets.list',
  title: 'AI assets',
  description: 'List AI agents and MCP servers, filtered by kind, status, owner or a name search; most recently seen first.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({
    kind: z.enum(ASSET_KINDS).optional(),
    status: z.enum(ASSET_STATUSES).optional(),
    owner: z.string().max(200).optional(),
    search: searchInput,
    ...pageInput,
  }),
  output: z.object({ assets: z.array(assetSchema), total: z.number().int() }),
  mcp: { tool: 'list_ai_assets', description: 'List the AI agents and MCP servers in the asset registry, with status and last heartbeat.' },
  rest: { method: 'GET', path: '/api/v1/assets' },
});

export const assetsGet = defineOperation({
  name: 'assets.get',
  title: 'AI asset',
  description: 'One AI agent or MCP server, with its recent activity summary.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ asset_id: assetId }),
  output: z.object({ asset: assetSchema }),
  mcp: { tool: 'get_ai_asset', description: 'Get one AI agent or MCP server from the asset registry.' },
  rest: { method: 'GET', path: '/api/v1/assets/{asset_id}' },
});

export const assetsUpdate = defineOperation({
  name: 'assets.update',
  title: 'Update an AI asset',
  description: 'Change what the registry records about an agent or MCP server: only the fields given change.',
  scope: 'assets:write',
  annotations: WRITE,
  input: z.object({ asset_id: assetId, name: z.string().trim().min(1).max(200).optional(), ...assetFields }),
  output: z.object({ asset: assetSchema }),
  rest: { method: 'PATCH', path: '/api/v1/assets/{asset_id}' },
});

export const assetsRetire = defineOperation({
  name: 'assets.retire',
  title: 'Retire an AI asset',
  description: 'Take an agent or MCP server out of service: it stays in the registry, marked retired, with the reason.',
  scope: 'assets:write',
  // Not destructive: the record and its history stay, and registering it again brings it back.
  annotations: WRITE,
  input: z.object({ asset_id: assetId, reason: z.string().trim().min(1).max(500) }),
  output: z.object({ asset: assetSchema }),
  mcp: { tool: 'retire_ai_asset', description: 'Retire an AI agent or MCP server (kept in the registry, marked retired).' },
  rest: { method: 'POST', path: '/api/v1/assets/{asset_id}/retire' },
});
