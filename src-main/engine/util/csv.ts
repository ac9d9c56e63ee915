// RFC 4180 CSV: quoted fields, doubled quotes, CRLF/LF, embedded newlines. Used by every CSV import
// (inventory, intel, tech stack) so they all accept and reject the same files the same way.

export interface CsvRecord {
  /** 1-based line number where the record starts (header is line 1). */
  line: number;
  values: Record<string, string>;
}

export class CsvError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

/** Splits CSV text into rows of raw fields, each with the line it started on. */
export function* csvRows(text: string): Generator<{ line: number; fields: string[] }> {
  let i = 0;
  let line = 1;
  const n = text.charCodeAt(0) === 0xfeff ? (i = 1, text.length) : text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let quoted = false;
    for (; i < n; i++) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"' && field.length === 0 && !quoted) {
        inQuotes = true;
        quoted = true;
      } else if (c === ',') {
        fields.push(field); field = ''; quoted = false;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      } else field += c;
    }
    if (inQuotes) throw new CsvError(start, 'unterminated quoted field');
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') continue; // blank line
    yield { line: start, fields };
  }
}

/** Parses CSV with a header row into records keyed by lower-cased, trimmed header names. */
export function* csvRecords(text: string): Generator<CsvRecord> {
  const rows = csvRows(text);
  const first = rows.next();
  if (first.done) return;
  const header = first.value.fields.map((h) => h.trim().toLowerCase());
  for (const row of rows) {
    if (row.fields.length > header.length) throw new CsvError(row.line, `has ${row.fields.length} fields but the header has ${header.length}`);
    const values: Record<string, string> = {};
    header.forEach((h, idx) => { values[h] = (row.fields[idx] ?? '').trim(); });
    yield { line: row.line, values };
  }
}
