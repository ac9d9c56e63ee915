// Containers a user hands to ingest: zip and gzip archives are opened transparently (their files are
// extracted to a private temporary folder and ingested one by one); formats recognized by their first
// bytes that ingest cannot read (7z, RAR, bzip2, xz, tar, pcap, binary EVTX) are
// refused with a message naming the format and the closest one it can read.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { basename, dirname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type * as yauzlLib from 'yauzl';
import { lazyModule } from '../lazy-module';

/** Read only when a zip arrives. */
const yauzl = lazyModule<typeof yauzlLib>('yauzl');
import { UserError } from '../errors';

export type Container = 'zip' | 'gzip' | null;

/** Files a zip may hold before it is refused as not telemetry (zip bombs, software bundles). */
const MAX_ENTRIES = 1000;

const UNSUPPORTED: { name: string; test: (b: Buffer, text: string) => boolean; advice: string }[] = [
  { name: '7-Zip archive', test: (b) => b.subarray(0, 6).equals(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])), advice: 'unpack it, or pack the logs as zip or gzip, which ingest opens itself' },
  { name: 'RAR archive', test: (b) => b.subarray(0, 4).toString('latin1') === 'Rar!', advice: 'unpack it, or pack the logs as zip or gzip, which ingest opens itself' },
  { name: 'bzip2-compressed file', test: (b) => b.subarray(0, 3).toString('latin1') === 'BZh', advice: 'decompress it (bunzip2), or compress it with gzip, which ingest opens itself' },
  { name: 'xz-compressed file', test: (b) => b.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])), advice: 'decompress it (unxz), or compress it with gzip, which ingest opens itself' },
  { name: 'tar archive', test: (b) => b.length > 262 && b.subarray(257, 262).toString('latin1') === 'ustar', advice: 'extract it and ingest its log files, or pack them as zip' },
  {
    name: 'packet capture (pcap/pcapng)',
    test: (b) => b.length >= 4 && [0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].includes(b.readUInt32BE(0)),
    advice: 'run Zeek or Suricata on it and ingest their logs (Zeek conn/dns/http/ssl/files logs, or Suricata EVE JSON)',
  },
  { name: 'binary Windows event log (EVTX)', test: (b) => b.subarray(0, 8).toString('latin1') === 'ElfFile\0', advice: "convert it with evtx_dump -o jsonl (omerbenamram/evtx) or ship it with Winlogbeat, and ingest the JSON (format windows_events)" },
];

/** Reads a file's first bytes: the container it is, or null; throws naming a recognized format ingest cannot read. */
export async function sniffContainer(path: string): Promise<Container> {
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  const text = head.toString('utf8');
  for (const u of UNSUPPORTED) {
    if (u.test(head, text)) throw new UserError('unsupported', `${path}: this is a ${u.name}, which ingest does not read: ${u.advice}`, 'file');
  }
  return null;
}

/** Extracts a gzip file or every file of a zip archive into `dir`; returns the extracted paths in archive order. */
export async function extractContainer(path: string, kind: 'zip' | 'gzip', dir: string): Promise<string[]> {
  if (kind === 'gzip') {
    const name = basename(path).replace(/\.(t?gz|gzip)$/i, '') || 'data';
    const target = join(dir, name === basename(path) ? `${name}.out` : name);
    try {
      await pipeline(createReadStream(path), createGunzip(), createWriteStream(target));
    } catch (err) {
      throw new UserError('invalid_input', `${path}: not a readable gzip file (${(err as Error).message})`, 'file');
    }
    return [target];
  }
  return unzipAll(path, dir);
}

function unzipAll(path: string, dir: string): Promise<string[]> {
  return new Promise((resolvePaths, rejectPaths) => {
    yauzl().open(path, { lazyEntries: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return rejectPaths(new UserError('invalid_input', `${path}: not a readable zip archive (${err?.message ?? 'no entries'})`, 'file'));
      const out: string[] = [];
      let count = 0;
      const fail = (e: Error) => {
        zip.close();
        rejectPaths(e instanceof UserError ? e : new UserError('invalid_input', `${path}: cannot extract the zip archive (${e.message})`, 'file'));
      };
      zip.on('error', fail);
      zip.on('end', () => resolvePaths(out));
      zip.on('entry', (entry: yauzlLib.Entry) => {
        if (/\/$/.test(entry.fileName) || /(^|\/)__MACOSX\//.test(entry.fileName)) return zip.readEntry();
        if (++count > MAX_ENTRIES) return fail(new UserError('invalid_input', `${path}: more than ${MAX_ENTRIES} files in the archive: not a telemetry bundle`, 'file'));
        // Never outside dir: entries are written flat under their own index, keeping their base name.
        const target = normalize(join(dir, String(count), basename(entry.fileName)));
        if (!target.startsWith(dir + sep)) return fail(new Error(`unsafe entry name '${entry.fileName}'`));
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return fail(e ?? new Error('no stream'));
          mkdir(dirname(target), { recursive: true })
            .then(() => pipeline(stream, createWriteStream(target)))
            .then(() => {
              out.push(target);
              zip.readEntry();
            }, fail);
        });
      });
      zip.readEntry();
    });
  });
}
