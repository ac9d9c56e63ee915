// Streams a telemetry file as records (lines, or the elements of one top-level JSON array) with
// flat memory: fixed-size reads, one decode per chunk, manual splitting (much faster than readline).
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { JsonArraySplitter } from './json-array-splitter';

export interface RecordSink {
  /** One record: a line without its terminator, or an array element's text. `no` counts from 1. */
  record(text: string, no: number): void;
  /** A record refused by the reader itself (a line over the size limit, a broken array). */
  refuse(no: number, reason: string, excerpt: string): void;
  /** After each chunk, with the bytes consumed so far; awaited (progress, yielding to the event loop). */
  chunkDone(bytesDone: number): void | Promise<void>;
}

export interface ReadOptions {
  chunkBytes?: number;
  /** Longest line kept; longer ones are reported to `refuse` and skipped. */
  maxLineBytes?: number;
}

const DEFAULT_CHUNK = 1 << 20;
const DEFAULT_MAX_LINE = 16 << 20;

export async function readRecords(path: string, container: 'lines' | 'array', sink: RecordSink, opts: ReadOptions = {}): Promise<void> {
  const fh = await open(path, 'r');
  try {
    if (container === 'array') await readArray(fh, sink, opts.chunkBytes ?? DEFAULT_CHUNK);
    else await readLines(fh, sink, opts.chunkBytes ?? DEFAULT_CHUNK, opts.maxLineBytes ?? DEFAULT_MAX_LINE);
  } finally {
    await fh.close();
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

async function readLines(fh: Handle, sink: RecordSink, chunkBytes: number, maxLineBytes: number): Promise<void> {
  let buf = Buffer.allocUnsafe(chunkBytes);
  let filled = 0;
  let lineNo = 0;
  let consumed = 0;
  let first = true;
  /** Inside an oversized line: drop bytes until its newline. */
  let discarding = false;
  for (;;) {
    const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
    filled += bytesRead;
    const eof = bytesRead === 0;
    if (discarding) {
      const nl = buf.indexOf(10, 0);
      if (nl < 0 || nl >= filled) {
        consumed += filled;
        filled = 0;
        if (eof) break;
        continue;
      }
      buf.copy(buf, 0, nl + 1, filled);
      consumed += nl + 1;
      filled -= nl + 1;
      discarding = false;
    }
    const end = eof ? filled : buf.lastIndexOf(10, filled - 1) + 1;
    if (end === 0 && !eof) {
      if (filled < buf.length) continue; // short read: keep filling
      if (buf.length < maxLineBytes) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxLineBytes));
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
        continue;
      }
      sink.refuse(++lineNo, `line longer than ${maxLineBytes >= 1 << 20 ? `${maxLineBytes >> 20} MiB` : `${maxLineBytes} bytes`}: refused without reading it whole`, buf.toString('utf8', 0, 300));
      consumed += filled;
      filled = 0;
      discarding = true;
      continue;
    }
    let text = buf.toString('utf8', 0, end);
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let pos = 0;
    const len = text.length;
    while (pos < len) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = len;
      const stop = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      sink.record(text.slice(pos, stop), ++lineNo);
      pos = nl + 1;
    }
    consumed += end;
    if (end < filled) buf.copy(buf, 0, end, filled);
    filled -= end;
    await sink.chunkDone(consumed);
    if (eof) break;
  }
}

async function readArray(fh: Handle, sink: RecordSink, chunkBytes: number): Promise<void> {
  const buf = Buffer.allocUnsafe(chunkBytes);
  const decoder = new StringDecoder('utf8');
  const splitter = new JsonArraySplitter();
  let n = 0;
  let consumed = 0;
  const emit = (record: string) => sink.record(record, ++n);
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    splitter.push(decoder.write(buf.subarray(0, bytesRead)), emit);
    consumed += bytesRead;
    await sink.chunkDone(consumed);
  }
  splitter.push(decoder.end(), emit);
  const rest = splitter.finish();
  // A cut-short last element is handed on as is: the parser rejects it with the JSON error.
  if (rest) sink.record(rest, ++n);
  else if (rest === '') sink.refuse(++n, "the JSON array is not closed: the file ends without ']'", '');
  if (splitter.junk) sink.refuse(++n, 'text outside the top-level JSON array', '');
}
