// Errors a user can act on: they name what was wrong (field, id, file, line) and never leak internals.

export type ErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'forbidden' | 'unsupported' | 'busy' | StoreFaultCode;

/** Faults of the database or the disk under it (db/store-fault.ts): the data is fine or damaged, never the input. */
export type StoreFaultCode = 'database_too_new' | 'database_corrupt' | 'database_full' | 'database_read_only' | 'database_unversioned' | 'database_unavailable';

export class UserError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field or argument that was wrong, when one was. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const invalid = (field: string, message: string) => new UserError('invalid_input', `${field}: ${message}`, field);
export const notFound = (what: string, id: string) => new UserError('not_found', `unknown ${what} '${id}'`, what);
