// Replies of the /api/v1 door: the operation's answer as JSON, or an error of one stable shape,
// { error: { code, message, field } } (field null when no one input field was at fault), with the
// HTTP status its code maps to (respond.ts).
import type { ServerResponse } from 'node:http';
import type { DoorError } from '@shared/contract/door-reply';
import { sendJson, statusFor } from '../respond';

function restErrorBody(error: DoorError) {
  return { error: { code: error.code, message: error.message, field: error.field ?? null } };
}

export function sendRestError(res: ServerResponse, error: DoorError, headers: Record<string, string> = {}): void {
  sendJson(res, statusFor(error.code), restErrorBody(error), headers);
}
