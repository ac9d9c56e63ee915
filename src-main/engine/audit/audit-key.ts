// The audit key: 32 random bytes in `audit.key` beside the database (0600), never in it. Rows and
// checkpoints carry an HMAC under it, so editing the database alone cannot forge either.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors';

export const AUDIT_KEY_FILE = 'audit.key';

export class AuditKey {
  private constructor(
    private readonly secret: Buffer,
    /** Where the key lives; null for an in-memory engine, whose key dies with it. */
    readonly file: string | null,
  ) {}

  /** A fresh key held in memory only: for in-memory databases (tests). */
  static ephemeral(): AuditKey {
    return new AuditKey(randomBytes(32), null);
  }

  /** Reads the folder's key, creating it on first use; two processes racing to create it end up sharing one. */
  static forFolder(dir: string): AuditKey {
    const file = join(dir, AUDIT_KEY_FILE);
    const existing = readKey(file);
    if (existing) return new AuditKey(existing, file);
    // Written whole under a temporary name, then linked into place: linking fails if another process
    // got there first, and nobody ever reads a half-written key.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(tmp);
    }
    const created = readKey(file);
    if (!created) throw new UserError('conflict', `${file} is not a valid audit key (64 hex characters expected): restore it from a backup, or move it away to start a new key (rows signed with the old one then verify as forged)`, 'audit.key');
    return new AuditKey(created, file);
  }

  mac(text: string): string {
    return createHmac('sha256', this.secret).update(text, 'utf8').digest('hex');
  }

  verify(text: string, mac: string | null | undefined): boolean {
    if (typeof mac !== 'string' || mac.length !== 64) return false;
    return timingSafeEqual(Buffer.from(this.mac(text), 'hex'), Buffer.from(mac, 'hex'));
  }
}

function readKey(file: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : null;
}
