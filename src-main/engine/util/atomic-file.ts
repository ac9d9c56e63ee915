// Output files written whole or not at all: the content goes to a temporary file beside the target,
// which replaces the target only once everything was written. A failed command never leaves a
// truncated or emptied file behind, and an existing file stays as it was.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class AtomicFile {
  private readonly temp: string;
  private fd: number | null;

  constructor(readonly target: string) {
    // Same folder: a rename within one file system is atomic.
    this.temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    this.fd = openSync(this.temp, 'wx', 0o644);
  }

  write(text: string): void {
    writeSync(this.fd!, text);
  }

  /** Flushes and puts the file in place of the target. */
  commit(): void {
    fsyncSync(this.fd!);
    closeSync(this.fd!);
    this.fd = null;
    try {
      renameSync(this.temp, this.target);
    } catch (err) {
      removeQuietly(this.temp);
      throw err;
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
