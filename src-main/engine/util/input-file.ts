// Opening an import's input file: only a regular file is read. A FIFO, a device (/dev/zero), a socket
// or a directory is refused at once with what it is, never waited on or read without end.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UserError } from '../errors';

/** Non-blocking, so opening a FIFO nobody writes to returns at once instead of waiting (0 where absent). */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'a special file';
}

/** Why `path` cannot be read, as a UserError naming the file (field 'file'). */
export function unreadableFile(path: string, err: unknown): UserError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
  return new UserError('invalid_input', `${path}: cannot read: ${why}`, 'file');
}

function notRegular(path: string, s: Stats): UserError {
  return new UserError('invalid_input', `${path}: cannot read: it is ${kindOf(s)}, not a regular file; save the data to a file and give that`, 'file');
}

function tooLarge(path: string, size: number, maxBytes: number): UserError {
  return new UserError('invalid_input', `${path}: cannot read: ${(size / 2 ** 20).toFixed(0)} MiB is more than the ${maxBytes / 2 ** 20} MiB this import reads; split the file`, 'file');
}

/** An open handle on a regular file and its size; the caller closes it. */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, READ_FLAGS);
    const s = await handle.stat();
    if (!s.isFile()) throw notRegular(path, s);
    return { handle, size: s.size };
  } catch (err) {
    await handle?.close();
    throw err instanceof UserError ? err : unreadableFile(path, err);
  }
}

/** Files read whole into memory stay below the longest string V8 holds (about 512 MiB). */
const MAX_WHOLE_FILE_BYTES = 256 * 2 ** 20;

/**
 * The whole text of a regular file of at most `maxBytes`. A special or oversized file throws a
 * UserError; a file that cannot be opened throws the system error, which the caller words.
 */
export function readRegularTextFile(path: string, maxBytes = MAX_WHOLE_FILE_BYTES): string {
  const fd = openSync(path, READ_FLAGS);
  try {
    const s = fstatSync(fd);
    if (!s.isFile()) throw notRegular(path, s);
    if (s.size > maxBytes) throw tooLarge(path, s.size, maxBytes);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
