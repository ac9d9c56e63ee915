// jsonLineIndex: the line each STIX id / MISP uuid first appears on, whatever the file's layout.
import { describe, expect, it } from 'vitest';
import { jsonLineIndex } from '../../../src-main/engine/intel/formats/feed-format';

describe('jsonLineIndex', () => {
  it('minified JSON on one line: every id is on line 1', () => {
    const objects = Array.from({ length: 500 }, (_, i) => ({ type: 'indicator', id: `indicator--${i}` }));
    const lineOf = jsonLineIndex(JSON.stringify({ type: 'bundle', id: 'bundle--1', objects }));
    expect(lineOf('bundle--1')).toBe(1);
    expect(lineOf('indicator--0')).toBe(1);
    expect(lineOf('indicator--499')).toBe(1);
  });

  it('pretty-printed JSON: the line of each id, uuid too', () => {
    const text = JSON.stringify({ Event: { uuid: 'ev', Attribute: [{ uuid: 'a1', value: 'x' }, { uuid: 'a2', value: 'y' }] } }, null, 1);
    const expected = (ref: string) => text.split('\n').findIndex((l) => l.includes(`"${ref}"`)) + 1;
    const lineOf = jsonLineIndex(text);
    for (const ref of ['ev', 'a1', 'a2']) expect(lineOf(ref)).toBe(expected(ref));
    expect(lineOf('a2')).toBeGreaterThan(lineOf('a1'));
  });

  it('ids after the last newline, several on a line, blank lines and CRLF between them', () => {
    const text = '{"id":"a",\r\n\r\n"x":{"id":"b","uuid":"c"},\n\n\n"objects":[{"id":"d"},{"id":"e"}]}';
    const lineOf = jsonLineIndex(text);
    expect(['a', 'b', 'c', 'd', 'e'].map(lineOf)).toEqual([1, 3, 3, 6, 6]);
  });

  it('an id listed twice keeps its first line; unknown and non-string refs give 0', () => {
    const lineOf = jsonLineIndex('{"id":"a"}\n{"id":"b"}\n{"id":"a"}');
    expect(lineOf('a')).toBe(1);
    expect(lineOf('b')).toBe(2);
    expect(lineOf('missing')).toBe(0);
    expect(lineOf(42)).toBe(0);
    expect(lineOf(undefined)).toBe(0);
  });
});
