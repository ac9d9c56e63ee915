// Reads vulnerability feeds from files, one unit at a time so memory stays flat however large the feed:
// a single file, a folder tree (the public cvelistV5 repository's layout, an OSV ecosystem folder), or a
// zip of either (read entry by entry with yauzl). Each unit is recognised by its content: CVE JSON 5.x,
// OSV (JSON or YAML), NVD API 2.0, the CISA KEV catalogue (JSON or CSV) or FIRST EPSS (CSV).
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type * as csvParse from 'csv-parse';
import type * as yamlLib from 'yaml';
import type * as yauzlLib from 'yauzl';
import { lazyModule } from '../lazy-module';

const csv = lazyModule<typeof csvParse>('csv-parse');
const yaml = lazyModule<typeof yamlLib>('yaml');
const yauzl = lazyModule<typeof yauzlLib>('yauzl');
import { invalid } from '../errors';

const UNIT_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.csv']);
/** One record file larger than this is refused (a whole-feed JSON such as KEV is ~1.3 MB; NVD pages are ≤ 2,000 records). */
const MAX_UNIT_BYTES = 256 * 1024 * 1024;

export interface FeedUnit {
  /** The file's path, or `zip!entry`. */
  name: string;
  ext: string;
  /** The whole unit (JSON, YAML). */
  text(): Promise<string>;
  /** The unit line by line (CSV feeds, which can be large). */
  lines(): AsyncIterable<string>;
}

async function* walk(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

function fileUnit(path: string): FeedUnit {
  return {
    name: path, ext: extname(path).toLowerCase(),
    text: () => readFile(path, 'utf8'),
    lines: () => createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity }),
  };
}

function openZip(path: string): Promise<yauzlLib.ZipFile> {
  return new Promise((resolve, reject) => yauzl().open(path, { lazyEntries: true, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip))));
}

function readEntry(zip: yauzlLib.ZipFile, entry: yauzlLib.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('end', () => resolve(Buffer.concat(parts)));
      stream.on('error', reject);
    });
  });
}

/** Every entry of a zip that can be a feed unit, read one at a time (the next is read when the previous is done). */
async function* zipUnits(path: string): AsyncGenerator<FeedUnit> {
  const zip = await openZip(path);
  const next = () => new Promise<yauzlLib.Entry | null>((resolve, reject) => {
    const onEntry = (e: yauzlLib.Entry) => { cleanup(); resolve(e); };
    const onEnd = () => { cleanup(); resolve(null); };
    const onError = (e: Error) => { cleanup(); reject(e); };
    const cleanup = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
    zip.on('entry', onEntry); zip.on('end', onEnd); zip.on('error', onError);
    zip.readEntry();
  });
  for (let entry = await next(); entry; entry = await next()) {
    const ext = extname(entry.fileName).toLowerCase();
    if (entry.fileName.endsWith('/') || !UNIT_EXTENSIONS.has(ext) || basename(entry.fileName).startsWith('.')) continue;
    if (entry.uncompressedSize > MAX_UNIT_BYTES) throw invalid('path', `${entry.fileName} in the zip is larger than ${MAX_UNIT_BYTES} bytes`);
    const buf = await readEntry(zip, entry);
    const text = buf.toString('utf8');
    yield {
      name: `${path}!${entry.fileName}`, ext, text: () => Promise.resolve(text),
      lines: () => createInterface({ input: Readable.from([text]), crlfDelay: Infinity }),
    };
  }
}

/** The feed units at a path: a file, every feed file under a folder, or every feed entry of a zip. */
export async function* feedUnits(path: string): AsyncGenerator<FeedUnit> {
  let st;
  try {
    st = await lstat(path);
  } catch {
    throw invalid('path', `no such file or folder: ${path}`);
  }
  if (st.isDirectory()) {
    for await (const p of walk(path)) {
      const ext = extname(p).toLowerCase();
      if (ext === '.zip') yield* zipUnits(p);
      else if (UNIT_EXTENSIONS.has(ext)) yield fileUnit(p);
    }
    return;
  }
  if (!st.isFile()) throw invalid('path', `not a regular file or folder: ${path}`);
  if (extname(path).toLowerCase() === '.zip') {
    yield* zipUnits(path);
    return;
  }
  if (st.size > MAX_UNIT_BYTES) throw invalid('path', `${path} is larger than ${MAX_UNIT_BYTES} bytes`);
  yield fileUnit(path);
}

export type UnitKind = 'cve5' | 'osv' | 'nvd' | 'kev' | 'epss' | 'unknown';

/** What a parsed JSON or YAML document is. */
export function documentKind(doc: unknown): UnitKind {
  if (typeof doc !== 'object' || doc === null) return 'unknown';
  const d = doc as Record<string, unknown>;
  if (Array.isArray(d.vulnerabilities) && ('catalogVersion' in d || 'dateReleased' in d)) return 'kev';
  if (d.format === 'NVD_CVE' || (Array.isArray(d.vulnerabilities) && 'resultsPerPage' in d)) return 'nvd';
  if (d.dataType === 'CVE_RECORD' || ('cveMetadata' in d && 'containers' in d)) return 'cve5';
  if (typeof d.id === 'string' && Array.isArray(d.affected) && ('modified' in d || 'schema_version' in d)) return 'osv';
  return 'unknown';
}

export async function parseDocument(unit: FeedUnit): Promise<unknown> {
  const text = await unit.text();
  return unit.ext === '.json' ? JSON.parse(text) : yaml().parse(text);
}

/** A CSV unit's kind from its first meaningful line: KEV has a cveID header; EPSS rows are CVE;score;percentile. */
export function csvKind(firstLine: string): UnitKind {
  if (/^\s*"?cveID"?\s*,/i.test(firstLine)) return 'kev';
  if (/^\s*cve\s*,\s*epss\s*,\s*percentile/i.test(firstLine) || /^CVE-\d{4}-\d+[;,][0-9.]+[;,][0-9.]+/.test(firstLine) || /^#\s*model_version/i.test(firstLine)) return 'epss';
  return 'unknown';
}

/** The rows of a CSV with a header, as objects (KEV CSV), streamed. */
export async function* csvRecords(unit: FeedUnit): AsyncGenerator<Record<string, string>> {
  const parser = csv().parse({ columns: true, skip_empty_lines: true, bom: true, relax_column_count: true });
  const source = unit.name.includes('!') ? Readable.from([await unit.text()]) : createReadStream(unit.name);
  source.pipe(parser);
  for await (const row of parser) yield row as Record<string, string>;
}
