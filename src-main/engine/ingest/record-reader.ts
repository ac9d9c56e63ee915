// Streams a telemetry file as records (lines, the elements of one top-level JSON array, or the <Event>
// elements of Windows Event Forwarding XML) with
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
  /** Longest line (or array element) kept; longer ones are reported to `refuse` and skipped. */
  maxLineBytes?: number;
}

const DEFAULT_CHUNK = 1 << 20;
const DEFAULT_MAX_LINE = 16 << 20;

/** How records sit in a file: one a line, elements of one JSON array, or <Event> elements of Windows XML. */
export type RecordContainer = 'lines' | 'array' | 'xml';

export async function readRecords(path: string, container: RecordContainer, sink: RecordSink, opts: ReadOptions = {}): Promise<void> {
  const fh = await open(path, 'r');
  try {
    if (container === 'xml') await readXmlEvents(fh, sink, opts.chunkBytes ?? DEFAULT_CHUNK, opts.maxLineBytes ?? DEFAULT_MAX_LINE);
    else if (container === 'array') await readArray(fh, sink, opts.chunkBytes ?? DEFAULT_CHUNK, opts.maxLineBytes ?? DEFAULT_MAX_LINE);
    else await readLines(fh, sink, opts.chunkBytes ?? DEFAULT_CHUNK, opts.maxLineBytes ?? DEFAULT_MAX_LINE);
  } finally {
    await fh.close();
  }
}

type Handle = Awaited<ReturnType<typeof open>>;

const limitText = (bytes: number) => (bytes >= 1 << 20 ? `${bytes >> 20} MiB` : `${bytes} bytes`);

/** The last newline in buf[from, to), or -1 (never a stale byte past `to`). */
function lastNewline(buf: Buffer, from: number, to: number): number {
  const at = buf.subarray(from, to).lastIndexOf(10);
  return at < 0 ? -1 : from + at;
}

/**
 * Memory is bounded by the longest line kept (maxLineBytes + 1): a longer line is refused as soon as
 * the buffer is full without a newline, and its bytes are skipped until its end, however long it is.
 */
async function readLines(fh: Handle, sink: RecordSink, chunkBytes: number, maxLineBytes: number): Promise<void> {
  const limit = maxLineBytes + 1; // room for the longest kept line and its newline
  let buf = Buffer.allocUnsafe(Math.min(chunkBytes, limit));
  let filled = 0;
  let lineNo = 0;
  let consumed = 0;
  let first = true;
  /** Inside an oversized line: drop bytes until its newline. */
  let discarding = false;
  for (let eof = false; !eof; ) {
    if (filled === buf.length) {
      // Full and without a newline (everything up to the last one was handed on): grow, or refuse the line.
      if (buf.length < limit) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit));
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      } else {
        sink.refuse(++lineNo, `line longer than ${limitText(maxLineBytes)}: refused without reading it whole`, buf.toString('utf8', 0, 300).replace(/\uFFFD$/, ''));
        first = false;
        consumed += filled;
        filled = 0;
        discarding = true;
      }
    }
    const before = filled;
    const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
    filled += bytesRead;
    eof = bytesRead === 0;
    let start = 0;
    if (discarding) {
      const nl = buf.subarray(before, filled).indexOf(10);
      if (nl < 0) {
        consumed += filled;
        filled = 0;
        await sink.chunkDone(consumed);
        continue;
      }
      start = before + nl + 1;
      discarding = false;
    }
    const end = eof ? filled : lastNewline(buf, start, filled) + 1 || start;
    if (end > start) {
      let text = buf.toString('utf8', start, end);
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
    }
    consumed += end;
    if (end < filled) buf.copy(buf, 0, end, filled);
    filled -= end;
    await sink.chunkDone(consumed);
  }
}

async function readArray(fh: Handle, sink: RecordSink, chunkBytes: number, maxElementBytes: number): Promise<void> {
  const buf = Buffer.allocUnsafe(chunkBytes);
  const decoder = new StringDecoder('utf8');
  // Characters, not bytes: a UTF-8 character is at least one byte, so the bound on memory holds.
  const splitter = new JsonArraySplitter(maxElementBytes);
  let n = 0;
  let consumed = 0;
  const emit = (record: string) => sink.record(record, ++n);
  const tooLong = () => sink.refuse(++n, `array element longer than ${limitText(maxElementBytes)}: refused without reading it whole`, '');
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    splitter.push(decoder.write(buf.subarray(0, bytesRead)), emit, tooLong);
    consumed += bytesRead;
    await sink.chunkDone(consumed);
  }
  splitter.push(decoder.end(), emit, tooLong);
  const rest = splitter.finish();
  // A cut-short last element is handed on as is: the parser rejects it with the JSON error.
  if (rest) sink.record(rest, ++n);
  else if (rest === '') sink.refuse(++n, "the JSON array is not closed: the file ends without ']'", '');
  if (splitter.junk) sink.refuse(++n, 'text outside the top-level JSON array', '');
}

/** `<Event` as an element name (not `<Events`, the wrapper of a stream). */
const EVENT_OPEN = /<Event[\s>/]/g;
const EVENT_CLOSE = '</Event>';

/**
 * Windows Event Forwarding XML as rendered to text (wevtutil, Get-WinEvent ToXml, a WEC subscription's
 * export): `<Event>` elements one a line or as one stream, with or without an `<Events>` wrapper. Each
 * element is a record; text between elements (the XML declaration, the wrapper) is ignored. Memory is
 * bounded like lines: an element longer than maxElementBytes characters is refused.
 */
async function readXmlEvents(fh: Handle, sink: RecordSink, chunkBytes: number, maxElementBytes: number): Promise<void> {
  const buf = Buffer.allocUnsafe(chunkBytes);
  const decoder = new StringDecoder('utf8');
  let text = '';
  let n = 0;
  let consumed = 0;
  const drain = (final: boolean) => {
    let pos = 0;
    for (;;) {
      EVENT_OPEN.lastIndex = pos;
      const open = EVENT_OPEN.exec(text);
      if (!open) {
        // Keep a tail that may be the start of a cut `<Event`.
        pos = Math.max(pos, text.length - 7);
        break;
      }
      const close = text.indexOf(EVENT_CLOSE, open.index);
      if (close < 0) {
        pos = open.index;
        if (text.length - pos > maxElementBytes) {
          sink.refuse(++n, `XML event longer than ${limitText(maxElementBytes)}: refused without reading it whole`, text.slice(pos, pos + 300));
          pos = open.index + 1;
          continue;
        }
        break;
      }
      sink.record(text.slice(open.index, close + EVENT_CLOSE.length), ++n);
      pos = close + EVENT_CLOSE.length;
    }
    text = text.slice(pos);
    if (final && /<Event[\s>/]/.test(text)) sink.refuse(++n, 'the XML event is not closed: the file ends without </Event>', text.slice(0, 300));
  };
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    text += decoder.write(buf.subarray(0, bytesRead));
    drain(false);
    consumed += bytesRead;
    await sink.chunkDone(consumed);
  }
  text += decoder.end();
  drain(true);
}
