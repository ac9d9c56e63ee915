// JSON replies and the HTTP status each door error code maps to.
import type { ServerResponse } from 'node:http';
import type { DoorError, DoorErrorCode } from '@shared/contract/door-reply';

const STATUS: Record<DoorErrorCode, number> = {
  invalid_input: 400,
  unsupported: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unsupported_media_type: 415,
  database_too_new: 500,
  database_corrupt: 500,
  database_full: 507,
  database_read_only: 503,
  database_unversioned: 500,
  database_unavailable: 503,
  // Another writer held the database past the bounded wait: nothing was changed, the call can be repeated.
  busy: 503,
  internal: 500,
};

export function statusFor(code: DoorErrorCode): number {
  return STATUS[code] ?? 500;
}

/** An error a request handler throws to answer with a given door error. */
export class HttpError extends Error {
  constructor(readonly error: DoorError, readonly headers: Record<string, string> = {}) {
    super(error.message);
    this.name = 'HttpError';
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: DoorError, headers: Record<string, string> = {}): void {
  sendJson(res, statusFor(error.code), { ok: false, error }, headers);
}
