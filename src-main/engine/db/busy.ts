// Recognises SQLite's "another connection holds the lock" failures, which are worth retrying (nothing
// was written: the statement or the transaction that met them rolled back), apart from real faults,
// and the user-facing refusal when the lock stayed held past a caller's bounded wait.
import { UserError } from '../errors';
import type { Logger } from '../log';

/** The longest a write transaction should hold the lock: other processes' writers (the console's actions) wait that long. */
export const MAX_LOCK_MS = 100;

const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT', 'SQLITE_LOCKED', 'SQLITE_LOCKED_SHAREDCACHE']);

export function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BUSY_CODES.has(code);
}

/** The refusal a door answers with after waiting `waitedMs` in vain: says why, that nothing changed, and when to retry. */
export function databaseBusy(waitedMs: number | null, retryAfterS: number): UserError {
  const waited = waitedMs === null ? 'past the wait' : waitedMs >= 1000 ? `for ${(waitedMs / 1000).toFixed(1)} s` : `for ${Math.round(waitedMs)} ms`;
  return new UserError('busy', `the database is locked by another writer (an ingest or another Threatmatic process) and stayed locked ${waited}; nothing was changed: retry in ${retryAfterS} s`, 'database');
}

/**
 * Logs the failure of a write the caller will make again later (a background round, a cache refresh):
 * a busy database is expected while another process writes (info), anything else is an error.
 */
export function logBackgroundFailure(log: Logger, msg: string, err: unknown, fields: Record<string, unknown> = {}): void {
  if (isBusyError(err)) log.info(`${msg}: another process holds the write lock; tried again later`, fields);
  else log.error(msg, { ...fields, error: String(err) });
}
