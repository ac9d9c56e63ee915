// API keys (the MCP and REST doors' credentials) as operations: an administrator's script can list and
// revoke them through /api/v1, scope admin. Keys are made only with `threatmatic keys create`, at the
// machine: a new key is shown once to the person who made it, and over the API it would travel, and for
// a call held for approval be stored in clear with the approval's result. Revoking changes who may do
// what, so a key created with --require-approval has it held for an analyst like any change of access.
import { z } from 'zod';
import { SCOPES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';

export const apiKeySchema = z.object({
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
