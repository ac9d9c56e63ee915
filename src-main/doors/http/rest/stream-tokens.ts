// Short-lived, single-purpose stream tokens: a browser's EventSource cannot send headers, so a caller
// with an API key mints one (POST /api/v1/stream-tokens) and passes it as ?token= to
// /api/v1/signals/stream, and nowhere else. Held in memory only, hashed, on the engine's clock; a token
// may be used again until it expires (EventSource reconnects with the same URL), and stops working at
// once when its key is revoked, since each use looks the key up again.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../engine/clock';

const STREAM_TOKEN_PREFIX = 'tms_';
export const DEFAULT_STREAM_TOKEN_TTL_S = 300;
export const STREAM_TOKEN_TTL_LIMITS = [10, 3600] as const;
/** Tokens held at once; the oldest are forgotten past it, so minting in a loop cannot grow memory. */
const MAX_TOKENS = 10_000;

interface Held { keyId: string; expiresAt: number }

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

export class StreamTokens {
  private readonly tokens = new Map<string, Held>();

  constructor(private readonly clock: Clock) {}

  mint(keyId: string, ttlSeconds: number): { token: string; expiresAt: number } {
    this.sweep();
    const token = STREAM_TOKEN_PREFIX + randomBytes(24).toString('base64url');
    const expiresAt = this.clock.now() + ttlSeconds * 1000;
    this.tokens.set(digest(token), { keyId, expiresAt });
    while (this.tokens.size > MAX_TOKENS) this.tokens.delete(this.tokens.keys().next().value as string);
    return { token, expiresAt };
  }

  /** The key a live token was minted by, or null (unknown, or expired: then it is forgotten). */
  check(token: string): string | null {
    const h = digest(token);
    const held = this.tokens.get(h);
    if (!held) return null;
    if (held.expiresAt <= this.clock.now()) {
      this.tokens.delete(h);
      return null;
    }
    return held.keyId;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [h, t] of this.tokens) if (t.expiresAt <= now) this.tokens.delete(h);
  }
}
