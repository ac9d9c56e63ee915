// Checkpoints of the audit chain head: signed under the audit key and appended, one JSON object per
// line, to `audit-checkpoints.jsonl` beside the database (0600), or to any file a user keeps elsewhere.
import { chmodSync, closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { checkpointSchema, type Checkpoint } from '@shared/contract/operations/audit-anchor';
import type { AuditKey } from './audit-key';

export const CHECKPOINTS_FILE = 'audit-checkpoints.jsonl';

export type UnsignedCheckpoint = Omit<Checkpoint, 'mac'>;

/** The exact text a checkpoint's MAC covers: every field but the MAC, in a fixed order. */
const signedText = (c: UnsignedCheckpoint) => JSON.stringify([c.v, c.seq, c.hash, c.entries, c.row_ts, c.at, c.reason]);

export function signCheckpoint(key: AuditKey, fields: UnsignedCheckpoint): Checkpoint {
  return { ...fields, mac: key.mac(signedText(fields)) };
}

/** Appends one checkpoint line; the file is created 0600 and kept so (it tells when the log was written). */
export function appendCheckpointLine(file: string, checkpoint: Checkpoint): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) chmodSync(file, 0o600);
    writeSync(fd, `${JSON.stringify(checkpoint)}\n`);
  } finally {
    closeSync(fd);
  }
}

export interface CheckedCheckpoints {
  valid: Checkpoint[];
  /** Lines that are not checkpoints, or whose MAC the audit key does not confirm: reported, never trusted. */
  invalid: { line: number; why: string }[];
}

/** Sorts parsed lines into checkpoints this installation signed and lines it cannot trust. */
export function checkCheckpoints(lines: readonly unknown[], key: AuditKey): CheckedCheckpoints {
  const out: CheckedCheckpoints = { valid: [], invalid: [] };
  lines.forEach((value, i) => {
    const parsed = checkpointSchema.safeParse(value);
    if (!parsed.success) out.invalid.push({ line: i + 1, why: `not a checkpoint (${parsed.error.issues.map((x) => x.path.join('.') || 'line').join(', ')})` });
    else if (!key.verify(signedText(parsed.data), parsed.data.mac)) out.invalid.push({ line: i + 1, why: 'its MAC does not match the audit key: written or edited by someone without the key' });
    else out.valid.push(parsed.data);
  });
  return out;
}

/** A JSONL file's lines as values; a line that is not JSON stays a string, so the check reports it. */
export function readJsonLines(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return parseJsonLines(text);
}

/** JSONL text as values; a line that is not JSON stays a string, so the check reports it. */
export function parseJsonLines(text: string): unknown[] {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => {
    try {
      return JSON.parse(l) as unknown;
    } catch {
      return l;
    }
  });
}

/** The last well-formed line of the file (read from its tail only), or null. */
export function lastCheckpointLine(file: string, key: AuditKey): Checkpoint | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 16 * 1024);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString('utf8').split('\n').filter((l) => l.trim() !== '');
    for (let i = lines.length - 1; i >= 0; i--) {
      let value: unknown;
      try {
        value = JSON.parse(lines[i]);
      } catch {
        continue;
      }
      const checked = checkCheckpoints([value], key);
      if (checked.valid.length) return checked.valid[0];
    }
    return null;
  } finally {
    closeSync(fd);
  }
}
