// Output files written whole or not at all: the content goes to a temporary file beside the target,
// which replaces the target only once everything was written. A failed command never leaves a
// truncated or emptied file behind, and an existing file stays as it was.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors';

const WHY: Record<string, string> = {
  ENOENT: 'no such folder', EACCES: 'permission denied', EPERM: 'permission denied', EROFS: 'read-only file system',
  ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is full', EISDIR: 'it is a directory', ENOTDIR: 'a part of the path is not a folder',
};

/** A file-system error while writing `target`, as a UserError naming the file (field 'out'); others as they are. */
function cannotWrite(target: string, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (!code || !WHY[code]) return err;
  return new UserError('invalid_input', `${target}: cannot write: ${WHY[code]}; nothing was written there`, 'out');
}

export class AtomicFile {
  private readonly temp: string;
  private fd: number | null;

  constructor(readonly target: string) {
    // Same folder: a rename within one file system is atomic.
    this.temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      this.fd = openSync(this.temp, 'wx', 0o644);
    } catch (err) {
      throw cannotWrite(target, err);
    }
  }

  write(text: string): void {
    try {
      writeSync(this.fd!, text);
    } catch (err) {
      throw cannotWrite(this.target, err);
    }
  }

  /** Flushes and puts the file in place of the target. */
  commit(): void {
    try {
      fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = null;
      renameSync(this.temp, this.target);
    } catch (err) {
      this.abort();
      removeQuietly(this.temp);
      throw cannotWrite(this.target, err);
    }
  }

  /** Drops what was written; the target is untouched. Safe to call after commit (does nothing). */
  abort(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } finally {
      this.fd = null;
      removeQuietly(this.temp);
    }
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to clean.
  }
}

/** Runs `fill` on a new AtomicFile for `target`, committing when it returns and aborting when it throws. */
export function writeAtomically<T>(target: string, fill: (file: AtomicFile) => T): T {
  const file = new AtomicFile(target);
  try {
    const result = fill(file);
    file.commit();
    return result;
  } finally {
    file.abort();
  }
}
