// Picks the parser for an intel file: the --format the user gave, else what the content says
// (a STIX bundle, a MISP event, a CSV header with an indicator column, or a plain list).
import { extname } from 'node:path';
import { invalid } from '../../errors';
import { INTEL_FORMATS, isObject, type IntelFormat, type ParseOptions, type ParsedFeed } from './feed-format';
import { parseCsvFeed } from './csv-feed';
import { parseMisp } from './misp';
import { parsePlainList } from './plain-list';
import { parseStix } from './stix';

export function isIntelFormat(s: string): s is IntelFormat {
  return (INTEL_FORMATS as readonly string[]).includes(s);
}

function detectJson(doc: unknown, file: string): IntelFormat {
  if (isObject(doc) && (doc.type === 'bundle' || (typeof doc.type === 'string' && typeof doc.id === 'string' && doc.id.includes('--')))) return 'stix';
  const looksMisp = (x: unknown) => isObject(x) && ('Event' in x || 'response' in x);
  if (looksMisp(doc) || (Array.isArray(doc) && doc.length > 0 && looksMisp(doc[0]))) return 'misp';
  throw invalid('file', `${file}: JSON that is neither a STIX 2.1 bundle nor a MISP event (use --format to say which it is)`);
}

/** A CSV feed announces itself by a header naming an indicator column. */
function looksLikeCsv(text: string, file: string): boolean {
  if (extname(file).toLowerCase() === '.csv') return true;
  const first = text.split(/\r?\n/, 50).find((l) => l.trim() !== '' && !/^\s*[#;]/.test(l));
  return first !== undefined && first.includes(',') && /(^|,)\s*"?(indicator|value|ioc|observable|indicator_value)"?\s*(,|$)/i.test(first);
}

export function parseFeedText(text: string, file: string, format: IntelFormat | undefined, opts: ParseOptions): { format: IntelFormat; feed: ParsedFeed } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const head = body.trimStart()[0];
  let doc: unknown;
  if (format === 'stix' || format === 'misp' || (!format && (head === '{' || head === '['))) {
    try {
      doc = JSON.parse(body);
    } catch (err) {
      throw invalid('file', `${file} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const chosen = format ?? (doc !== undefined ? detectJson(doc, file) : looksLikeCsv(body, file) ? 'csv' : 'plain');
  switch (chosen) {
    case 'stix': return { format: chosen, feed: parseStix(doc, body, opts) };
    case 'misp': return { format: chosen, feed: parseMisp(doc, body, opts) };
    case 'csv': return { format: chosen, feed: parseCsvFeed(body, opts) };
    case 'plain': return { format: chosen, feed: parsePlainList(body, opts) };
  }
}
