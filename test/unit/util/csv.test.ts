// The shared CSV reader: RFC 4180 quoting, line numbers for error messages.
import { describe, expect, it } from 'vitest';
import { csvRecords, csvRows } from '../../../src-main/engine/util/csv';

describe('csv', () => {
  it('handles quotes, doubled quotes, embedded commas and newlines, CRLF and a BOM', () => {
    const text = '\ufeffa,b\r\n"x, y","he said ""hi"""\r\n"multi\nline",2\n\n3,4\n';
    const rows = [...csvRows(text)];
    expect(rows.map((r) => r.fields)).toEqual([['a', 'b'], ['x, y', 'he said "hi"'], ['multi\nline', '2'], ['3', '4']]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it('keys records by lower-cased header and names the line of a bad row', () => {
    const recs = [...csvRecords('Indicator, Type\n1.2.3.4,ip\n')];
    expect(recs).toEqual([{ line: 2, values: { indicator: '1.2.3.4', type: 'ip' } }]);
    expect(() => [...csvRecords('a,b\n1,2,3\n')]).toThrow('line 2: has 3 fields but the header has 2');
    expect(() => [...csvRows('a,"open\n')]).toThrow(/line 1: unterminated/);
  });
});
