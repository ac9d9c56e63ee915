// How a failed command reports: one line naming what was wrong (and, under --json, the same as
// {"ok":false,"error":{code,message,field?}} on stdout), and the exit code: 2 bad usage or input,
// 3 the store cannot be used (damaged, full, read-only, too new, unversioned), 1 anything unexpected.
import { storeFault } from '../engine/db/store-fault';
import { UserError } from '../engine/errors';
import { CliUsageError } from './command';

const EXIT_UNEXPECTED = 1;
const EXIT_USAGE = 2;
const EXIT_STORE = 3;

export interface ErrorSink {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

// busy: another process held the write lock past the wait (transient, but the store, not the input).
const STORE_CODES = new Set(['busy', 'database_too_new', 'database_corrupt', 'database_full', 'database_read_only', 'database_unversioned', 'database_unavailable']);

/** Reports `err` of command `name`; `dbPath` names the database in store faults. Returns the exit code. */
export function reportError(err: unknown, name: string, json: boolean, dbPath: string, io: ErrorSink): number {
  let code: string;
  let message: string;
  let field: string | undefined;
  let exit: number;
  let human: string;
  const user = err instanceof UserError ? err : storeFault(err, dbPath);
  if (err instanceof CliUsageError) {
    code = 'usage';
    message = err.message;
    exit = EXIT_USAGE;
    human = `threatmatic ${name}: ${message}\nRun 'threatmatic ${name} --help' for usage.\n`;
  } else if (user) {
    ({ code, message, field } = user);
    exit = STORE_CODES.has(code) ? EXIT_STORE : EXIT_USAGE;
    human = `threatmatic ${name}: ${message}\n`;
  } else {
    code = 'internal';
    message = `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    exit = EXIT_UNEXPECTED;
    // A bug: the stack is what a report needs.
    human = `threatmatic ${name}: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`;
  }
  io.stderr(human);
  if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code, message, ...(field ? { field } : {}) } }, null, 2)}\n`);
  return exit;
}
