// A 32-byte key kept in a file of its own beside the database (0600), never in it: read it, or create
// it exactly once even when two processes race (the audit key and the enforcement secrets key).
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { PRIVATE_FILE_MODE } from '../db/private-files';

export const KEY_BYTES = 32;

/** The key in `path`: null when there is no such file, 'malformed' when it holds anything but 64 hex digits. */
export function readKeyFile(path: string): Buffer | null | 'malformed' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : 'malformed';
}

/**
 * Writes a new key under a temporary name (0600) and links it into place: the link fails if another
 * process made one first, and then that key is the one returned, so two processes never use different
 * keys and nobody ever reads a half-written one.
 */
export function createKeyFile(path: string): Buffer | 'malformed' {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && !existsSync(path)) {
      // A file system without hard links: a rename is still atomic, only the race with another process is not covered.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      renameSync(tmp, path);
    }
  } finally {
    if (existsSync(tmp)) unlinkSync(tmp);
  }
  return readKeyFile(path) ?? 'malformed';
}
