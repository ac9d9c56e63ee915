// The serve-mode console token: generated at start (or given by the user), checked on every API call.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const MIN_TOKEN_LENGTH = 16;

export function generateConsoleToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Why a user-chosen token is unusable, or null when it is fine. */
export function tokenProblem(token: string): string | null {
  if (token.length < MIN_TOKEN_LENGTH) return `must be at least ${MIN_TOKEN_LENGTH} characters`;
  if (!/^[A-Za-z0-9._~+/=-]+$/.test(token)) return 'may contain only letters, digits and . _ ~ + / = -';
  return null;
}

/** A constant-time check of `Authorization: Bearer <token>` (hashing first makes the lengths equal). */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}
