// Enforcement secrets at rest: AES-256-GCM (node:crypto) with a 32-byte key kept in `secrets.key`
// beside the database (0600, in the 0700 data folder), never in it. A copy of the database alone
// (a backup, a file sent for support, a synced folder without the key) does not reveal the secrets;
// whoever can read the data folder as this user (or as root) can read the key too. Each value is
// bound to its row (associated data), so a sealed secret cannot be moved to another endpoint.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createKeyFile, KEY_BYTES, readKeyFile } from '../util/key-file';

export const KEY_FILE = 'secrets.key';
const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Raised when a sealed value cannot be opened: the key file is missing, replaced, or the value was altered. */
export class SecretUnreadable extends Error {}

export class SecretBox {
  private key: Buffer | null = null;

  /** `keyPath` null: a key held in memory only (an in-memory database dies with the process anyway). */
  constructor(private readonly keyPath: string | null) {}

  /** The box of a database: its key file sits in the database's folder. */
  static forDatabase(dbPath: string): SecretBox {
    return new SecretBox(dbPath === ':memory:' ? null : join(dirname(dbPath), KEY_FILE));
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string, boundTo: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor('seal'), iv).setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string, boundTo: string): string {
    if (!SecretBox.isSealed(sealed)) return sealed;
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keyFor('open'), raw.subarray(0, IV_BYTES)).setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (err) {
      if (err instanceof SecretUnreadable) throw err;
      throw new SecretUnreadable(`the stored secret does not open with ${this.keyPath ?? 'the in-memory key'}: the key file was replaced or the value altered; remove the endpoint and add it again with its secret`);
    }
  }

  /** Loads the key, creating it on first seal. A missing key when opening is an error, never a new key. */
  private keyFor(use: 'seal' | 'open'): Buffer {
    if (this.key) return this.key;
    if (!this.keyPath) return (this.key = randomBytes(KEY_BYTES));
    const existing = readKeyFile(this.keyPath);
    if (existing === null && use === 'open') throw new SecretUnreadable(`the secrets key ${this.keyPath} is missing: stored enforcement secrets cannot be read; remove each endpoint and add it again with its secret`);
    const key = existing ?? createKeyFile(this.keyPath);
    if (key === 'malformed') throw new SecretUnreadable(`the secrets key ${this.keyPath} is not ${KEY_BYTES} bytes in hex; restore it from a backup`);
    return (this.key = key);
  }
}
