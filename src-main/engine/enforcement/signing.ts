// Webhook signatures: HMAC-SHA256 over "<timestamp>.<raw body>", so a captured request cannot be
// replayed later with a fresh timestamp. Receivers check both headers (verifySignature shows how).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-threatmatic-signature';
export const TIMESTAMP_HEADER = 'x-threatmatic-timestamp';
export const DELIVERY_HEADER = 'x-threatmatic-delivery';
export const EVENT_HEADER = 'x-threatmatic-event';
/** How far a receiver should accept the timestamp from its own clock. */
export const REPLAY_TOLERANCE_S = 300;

export function signature(secret: string, timestampS: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute, compare in constant time, and refuse stale timestamps. */
export function verifySignature(secret: string, headers: { signature?: string; timestamp?: string }, body: string, nowS: number, toleranceS = REPLAY_TOLERANCE_S): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowS - ts) > toleranceS) return false;
  const expected = Buffer.from(signature(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
