// The audit key: 32 random bytes in `audit.key` beside the database (0600), never in it. Rows and
// checkpoints carry an HMAC under it, so editing the database alone cannot forge either.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { UserError } from '../errors';
import { createKeyFile, KEY_BYTES, readKeyFile } from '../util/key-file';

export const AUDIT_KEY_FILE = 'audit.key';

export class AuditKey {
  private constructor(
    private readonly secret: Buffer,
    /** Where the key lives; null for an in-memory engine, whose key dies with it. */
    readonly file: string | null,
  ) {}

  /** A fresh key held in memory only: for in-memory databases (tests). */
  static ephemeral(): AuditKey {
    return new AuditKey(randomBytes(KEY_BYTES), null);
  }

  /** Reads the folder's key, creating it on first use; two processes racing to create it end up sharing one. */
  static forFolder(dir: string): AuditKey {
    const file = join(dir, AUDIT_KEY_FILE);
    const existing = readKeyFile(file) ?? createKeyFile(file);
    if (existing === 'malformed') throw new UserError('conflict', `${file} is not a valid audit key (64 hex characters expected): restore it from a backup, or move it away to start a new key (rows signed with the old one then verify as forged)`, 'audit.key');
    return new AuditKey(existing, file);
  }

  mac(text: string): string {
    return createHmac('sha256', this.secret).update(text, 'utf8').digest('hex');
  }

  verify(text: string, mac: string | null | undefined): boolean {
    if (typeof mac !== 'string' || mac.length !== 64) return false;
    return timingSafeEqual(Buffer.from(this.mac(text), 'hex'), Buffer.from(mac, 'hex'));
  }
}
