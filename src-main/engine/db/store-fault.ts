// Turns what SQLite or the file system throws when the store itself fails (disk full, read-only,
// damaged file) into a one-line UserError that names the cause and what to do, so no door shows a stack.
import { UserError, type StoreFaultCode } from '../errors';
import { databaseBusy, isBusyError } from './busy';

/** What a command refused for a busy database is told to wait before running again. */
const BUSY_RETRY_AFTER_S = 5;
const CHECK = "Run 'threatmatic db check' for the full report";

function fault(code: StoreFaultCode, message: string): UserError {
  return new UserError(code, message, 'database');
}

/** SQLite result codes (better-sqlite3's SqliteError.code) and errno codes (node:fs) by what they mean. */
function classify(code: string): StoreFaultCode | null {
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'database_full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'database_read_only';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'database_corrupt';
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'EIO') return 'database_unavailable';
  return null;
}

/**
 * The store fault `err` is, as a UserError about `where` (the database file, or the output file a
 * command was writing); null when it is anything else (a bug, bad input), which callers handle as before.
 */
export function storeFault(err: unknown, where: string, opts: { hidePaths?: boolean } = {}): UserError | null {
  if (err instanceof UserError) return null;
  // A one-shot command that waited its whole busy_timeout for another writer: transient, so say when to retry.
  if (isBusyError(err)) return databaseBusy(null, BUSY_RETRY_AFTER_S);
  const e = err as { code?: unknown; path?: unknown; message?: unknown } | null;
  if (!e || typeof e.code !== 'string') return null;
  const kind = classify(e.code);
  if (!kind) return null;
  const file = typeof e.path === 'string' && !opts.hidePaths ? e.path : where;
  const detail = typeof e.message === 'string' && !opts.hidePaths ? e.message.split('\n', 1)[0] : e.code;
  switch (kind) {
    case 'database_full':
      return fault(kind, `${file}: the disk is full (${detail}); the failed write was rolled back. Free space on that disk (or choose another folder with --data-dir) and run the command again`);
    case 'database_read_only':
      return fault(kind, `${file}: cannot write: the folder or file is read-only (${detail}). Give this user write access to the data folder and its files, or choose another with --data-dir`);
    case 'database_corrupt':
      return corrupt(file, detail);
    default:
      return fault(kind, `${file}: cannot open or read the database (${detail}). Check that the disk is attached and the data folder readable, then run the command again`);
  }
}

/** A damaged database: nothing is written to it; what to do about it. */
export function corrupt(file: string, detail: string): UserError {
  return fault('database_corrupt', `${file}: the database is damaged (${detail}); Threatmatic will not write to it. ${CHECK}, then restore the file from a backup or move it aside to start afresh`);
}

/** What a door tells a remote caller: its UserError, or the store fault without file paths; null for internals. */
export function doorFault(err: unknown): UserError | null {
  return err instanceof UserError ? err : storeFault(err, 'the Threatmatic database', { hidePaths: true });
}
