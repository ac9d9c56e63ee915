// Who a REST request is: the API key (the same keys and scopes as MCP, `threatmatic keys create`) sent
// as X-Org-Key (the spec's header) or Authorization: Bearer. Looked up on every request, so a revoked
// key stops at once.
import type { IncomingMessage } from 'node:http';
import type { Actor } from '@shared/domain/actor';
import type { Engine } from '../../../engine/engine';
import type { ApiKey } from '../../../engine/keys/key-store';

const ORG_KEY_HEADER = 'x-org-key';
export const UNAUTHENTICATED_API: Actor = { type: 'api', id: 'unauthenticated' };

/** The key the request presents, or null when it sends none. */
export function presentedKey(req: IncomingMessage): string | null {
  const org = req.headers[ORG_KEY_HEADER];
  if (typeof org === 'string' && org.trim() !== '') return org.trim();
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m ? m[1] : null;
}

export const apiActor = (key: Pick<ApiKey, 'key_id'>): Actor => ({ type: 'api', id: key.key_id });

export type KeyCheck = { ok: true; key: ApiKey } | { ok: false; actor: Actor; reason: string };

export function authenticate(engine: Engine, presented: string | null): KeyCheck {
  const store = engine.keys;
  const key = store.authenticate(presented);
  if (key) return { ok: true, key };
  const known = store.identify(presented);
  return {
    ok: false,
    actor: known ? apiActor(known) : UNAUTHENTICATED_API,
    reason: !presented ? 'missing' : known?.revoked_at ? `revoked at ${known.revoked_at}` : 'unknown',
  };
}

/** The active key by id (a stream token's key, looked up again on use). */
export function activeKey(engine: Engine, keyId: string): ApiKey | null {
  const key = engine.keys.get(keyId);
  return key && key.revoked_at === null ? key : null;
}
