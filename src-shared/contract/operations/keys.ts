// API keys (the MCP and REST doors' credentials) as operations: `threatmatic keys` and the console create,
// list and revoke them; an administrator's script can list and revoke them through /api/v1, scope admin. Keys are made only with `threatmatic keys create`, at the
// machine: a new key is shown once to the person who made it, and over the API it would travel, and for
// a call held for approval be stored in clear with the approval's result. Revoking changes who may do
// what, so a key created with --require-approval has it held for an analyst like any change of access.
import { z } from 'zod';
import { SCOPES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';

const apiKeySchema = z.object({
  key_id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The key\'s first characters (tm_ + 8): enough to recognise it, useless to use it'),
  scopes: z.array(z.enum(SCOPES)),
  require_approval: z.boolean().describe('Calls that change containment or access wait for an analyst'),
  approval_ttl_seconds: z.number().int(),
  created_at: z.string(),
  created_by: z.string(),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
});
export type ApiKeyView = z.output<typeof apiKeySchema>;

export const keysCreate = defineOperation({
  name: 'keys.create',
  title: 'Create an API key',
  description: 'Create an MCP API key with Permission Scopes. The key is returned this once; only its hash is stored. Audited with its name, scopes and prefix, never the key.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    name: z.string().max(200).describe('What the key is for, e.g. claude-desktop (1 to 100 characters, no control characters)'),
    // Names are checked by the key store, whose refusal lists the valid scopes; a comma-separated entry counts as several.
    scopes: z.array(z.string().max(200)).min(1).max(50).describe(`Scopes: ${SCOPES.join(', ')}`),
    require_approval: z.boolean().default(false),
    approval_ttl_seconds: z.number().int().optional().describe('Seconds a held action waits before it expires (default 3600; 10 to 604800)'),
  }),
  output: apiKeySchema.extend({ key: z.string().describe('The key itself: shown this once') }),
});

export const keysList = defineOperation({
  name: 'keys.list',
  rest: { method: 'GET', path: '/api/v1/keys' },
  title: 'API keys',
  description: 'List the API keys (id, name, prefix, scopes, approval), never the keys themselves; revoked ones too with include_revoked.',
  scope: 'admin',
  annotations: READ_ONLY,
  input: z.object({ include_revoked: z.boolean().default(false) }),
  output: z.object({ keys: z.array(apiKeySchema) }),
});

export const keysRevoke = defineOperation({
  name: 'keys.revoke',
  rest: { method: 'DELETE', path: '/api/v1/keys/{key_id}' },
  title: 'Revoke an API key',
  description: 'Revoke an API key at once: its next request or call, in any process, is refused.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: true, idempotent: false },
  changesAccess: true,
  input: z.object({ key_id: z.string().min(1).max(100) }),
  output: apiKeySchema,
});
