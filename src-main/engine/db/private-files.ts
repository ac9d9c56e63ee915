// Owner-only files: the data folder is 0700 and the database with its WAL, shared-memory and journal
// files 0600, from creation, and tightened when an existing one is opened. SQLite creates -wal, -shm
// and -journal with the mode of the database file, so creating that file 0600 first covers them.
// On Windows modes do not apply (the folder's ACL, per-user under %APPDATA%, decides).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The files SQLite keeps beside a database. */
const DB_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

const appliesModes = process.platform !== 'win32';

/** Creates the folder 0700 (parents as needed); `tighten` also narrows an existing one (the data folder, not any parent a user chose). */
export function ensurePrivateDir(dir: string, opts: { tighten: boolean }): void {
  const existed = existsSync(dir);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!appliesModes) return;
  // mkdir's mode is cut by the umask, and an existing folder keeps its own: set it outright.
  if (!existed || opts.tighten) chmodOwned(dir, PRIVATE_DIR_MODE);
}

/** Creates the file 0600 if it is missing, or narrows it to 0600 if it is wider. */
function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  tightenFile(path);
}

/** The database file (created 0600 if new) and the side files SQLite left beside it, narrowed to 0600. */
export function privateDatabaseFiles(dbPath: string): void {
  ensurePrivateFile(dbPath);
  for (const suffix of DB_SIDE_FILES) if (existsSync(dbPath + suffix)) tightenFile(dbPath + suffix);
}

function tightenFile(path: string): void {
  if (appliesModes && (statSync(path).mode & 0o777 & ~PRIVATE_FILE_MODE) !== 0) chmodOwned(path, PRIVATE_FILE_MODE);
}

/** chmod, except on what another user owns (shared by an administrator on purpose): that is theirs to set. */
function chmodOwned(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}
