// The serve-mode transport: POST /api/ops/<name> with the console token as a bearer credential.
import type { OpReply } from '@shared/contract/door-reply';
import { clientOver, type ApiClient } from './client';
import { sseLiveSource } from './live-source';

export function httpClient(token: string, base = ''): ApiClient {
  return clientOver('http', async (name, input) => {
    let res: Response;
    try {
      res = await fetch(`${base}/api/ops/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      return { ok: false, error: { code: 'internal', message: 'cannot reach the console server: is `threatmatic serve` still running?' } };
    }
    try {
      return (await res.json()) as OpReply;
    } catch {
      return { ok: false, error: { code: 'internal', message: `the console server answered ${res.status} without a JSON reply` } };
    }
  }, sseLiveSource(token, base));
}
