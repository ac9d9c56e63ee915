// The file side of an ingest: checking a path is a readable file, its content hash (its identity)
// and its first bytes (for format detection), with errors that name the file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { UserError } from '../errors';

function unreadable(file: string, err: unknown): UserError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'is a directory' : e.message;
  return new UserError('invalid_input', `${file}: cannot read: ${why}`, 'file');
}

/** Size of a regular, readable file. */
export async function fileSize(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error('not a regular file'), { code: s.isDirectory() ? 'EISDIR' : 'ENOTFILE' });
    return s.size;
  } catch (err) {
    throw unreadable(path, err);
  }
}

/** SHA-256 of the content, streamed: memory stays flat whatever the size. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } catch (err) {
    throw unreadable(path, err);
  }
  return hash.digest('hex');
}

/** The first `bytes` of the file as text (a cut multi-byte character at the end is dropped). */
export async function readHead(path: string, bytes = 256 * 1024): Promise<string> {
  try {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.allocUnsafe(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.toString('utf8', 0, bytesRead).replace(/\uFFFD$/, '');
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw unreadable(path, err);
  }
}
