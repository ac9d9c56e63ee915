// The streaming record reader and the JSON array splitter: line endings, chunk boundaries inside
// lines and multi-byte characters, BOM, oversized lines, arrays laid out any way.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonArraySplitter } from '../../../src-main/engine/ingest/json-array-splitter';
import { readRecords } from '../../../src-main/engine/ingest/record-reader';
import { tempDir } from './helpers';

async function read(content: string | Buffer, container: 'lines' | 'array', opts = {}) {
  const file = join(tempDir(), 'f');
  writeFileSync(file, content);
  const records: [number, string][] = [];
  const refused: [number, string][] = [];
  let last = 0;
  await readRecords(file, container, { record: (t, n) => records.push([n, t]), refuse: (n, r) => refused.push([n, r]), chunkDone: (b) => void (last = b) }, opts);
  return { records, refused, last };
}

describe('record reader', () => {
  it('splits LF and CRLF lines, keeps empty lines numbered, handles a missing final newline and a BOM', async () => {
    const r = await read('\uFEFFa\r\nb\n\nc', 'lines');
    expect(r.records).toEqual([[1, 'a'], [2, 'b'], [3, ''], [4, 'c']]);
    expect(r.last).toBe(Buffer.byteLength('\uFEFFa\r\nb\n\nc'));
  });

  it('gives the same lines whatever the chunk size, multi-byte characters cut by chunks included', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `{"user_id":"jürgen-${i}-日本語-${'é'.repeat(i % 7)}"}`);
    const text = `${lines.join('\n')}\n`;
    for (const chunkBytes of [7, 64, 1000, 1 << 20]) {
      const r = await read(text, 'lines', { chunkBytes });
      expect(r.records.map((x) => x[1])).toEqual(lines);
    }
  });

  it('refuses a line longer than the limit without holding it, and reads on after it', async () => {
    const r = await read(`short\n${'x'.repeat(5000)}\nafter\n`, 'lines', { chunkBytes: 256, maxLineBytes: 1024 });
    expect(r.records).toEqual([[1, 'short'], [3, 'after']]);
    expect(r.refused).toEqual([[2, 'line longer than 1024 bytes: refused without reading it whole']]);
  });

  it('refuses an oversized last line that ends the file with its newline, at any chunk size, and keeps every line before it', async () => {
    // The newline of the oversized line was the last byte read: the reader used to go negative and crash.
    for (const chunkBytes of [64, 256, 1000]) {
      for (const tail of ['\n', '', '\r\n', '\nlast']) {
        const r = await read(`a\nb\n${'x'.repeat(3000)}${tail}`, 'lines', { chunkBytes, maxLineBytes: 1024 });
        expect(r.records).toEqual([[1, 'a'], [2, 'b'], ...(tail === '\nlast' ? [[4, 'last']] : [])]);
        expect(r.refused).toEqual([[3, 'line longer than 1024 bytes: refused without reading it whole']]);
      }
    }
  });

  it('keeps a line of exactly the limit and refuses one byte more', async () => {
    const r = await read(`${'a'.repeat(1024)}\n${'b'.repeat(1025)}\nc`, 'lines', { chunkBytes: 100, maxLineBytes: 1024 });
    expect(r.records).toEqual([[1, 'a'.repeat(1024)], [3, 'c']]);
    expect(r.refused.map(([n]) => n)).toEqual([2]);
  });

  it('refuses an oversized JSON array element without holding it, and reads the elements after it', async () => {
    const r = await read(`[{"a":1},{"pad":"${'x'.repeat(5000)}"},{"b":2},"${'y'.repeat(3000)}",3]`, 'array', { chunkBytes: 256, maxLineBytes: 1024 });
    expect(r.records).toEqual([[1, '{"a":1}'], [3, '{"b":2}'], [5, '3']]);
    expect(r.refused).toEqual([[2, 'array element longer than 1024 bytes: refused without reading it whole'], [4, 'array element longer than 1024 bytes: refused without reading it whole']]);
  });

  it('streams the elements of a top-level JSON array across chunks, strings with brackets and escapes included', async () => {
    const arr = [{ a: '[not] {an} "end"\\' }, { b: [1, { c: 2 }] }, 'str,ing', 42, null];
    const r = await read(JSON.stringify(arr, null, 1), 'array', { chunkBytes: 5 });
    expect(r.records.map(([, t]) => JSON.parse(t))).toEqual(arr);
    expect(r.records.map(([n]) => n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('hands on a cut-short last element, reports an unclosed array and text after it', async () => {
    expect((await read('[{"a":1},{"b":', 'array')).records).toEqual([[1, '{"a":1}'], [2, '{"b":']]);
    expect((await read('[{"a":1}', 'array')).refused).toEqual([[2, "the JSON array is not closed: the file ends without ']'"]]);
    expect((await read('[{"a":1}] trailing', 'array')).refused).toEqual([[2, 'text outside the top-level JSON array']]);
  });
});

describe('JSON array splitter', () => {
  it('emits nothing before the closing of the first element and handles an empty array', () => {
    const got: string[] = [];
    const s = new JsonArraySplitter();
    s.push('[ {"x": "}" ', (r) => got.push(r));
    expect(got).toEqual([]);
    s.push('} ]', (r) => got.push(r));
    expect(got).toEqual(['{"x": "}" }']);
    expect(s.isClosed).toBe(true);
    const empty = new JsonArraySplitter();
    empty.push('[]', (r) => got.push(r));
    expect(empty.finish()).toBeNull();
  });
});
