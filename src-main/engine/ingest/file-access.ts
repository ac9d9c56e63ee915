// The file side of an ingest: checking a path is a readable file, its content hash (its identity)
// and its first bytes (for format detection), with errors that name the file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { openRegularFile, unreadableFile as unreadable } from '../util/input-file';

/** Size of a regular, readable file; a FIFO, device or directory is refused at once (util/input-file.ts). */
export async function fileSize(path: string): Promise<number> {
  const { handle, size } = await openRegularFile(path);
  await handle.close();
  return size;
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

/** What format detection reads of a file: a file no longer than this is read whole. */
export const HEAD_BYTES = 256 * 1024;

/** The first `bytes` of the file as text (a cut multi-byte character at the end is dropped). */
export async function readHead(path: string, bytes = HEAD_BYTES): Promise<string> {
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
