// The error every API call rejects with: the door's code, message and field, as the engine wrote them.
import type { DoorError, DoorErrorCode } from '@shared/contract/door-reply';

export class ApiError extends Error {
  readonly code: DoorErrorCode;
  readonly field?: string;

  constructor(error: DoorError) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.field = error.field;
  }
}
