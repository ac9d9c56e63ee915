// CSV indicator feeds: a header row naming at least the indicator column (indicator, value, ioc or
// observable); optional type, reputation, category/categories, threat_actor(s), first_seen and
// last_seen. List cells separate entries with ';' or '|'. Bad rows are reported, the rest kept.
import type { IndicatorKind } from '@shared/domain/enums';
import { parseTimestamp } from '@shared/domain/time';
import { invalid } from '../../errors';
import { CsvError, csvRows } from '../../util/csv';
import { KIND_TYPE, parseIndicator } from '../indicator';
import { isReputation } from '../reputation';
import { emptyFeed, type ParseOptions, type ParsedFeed } from './feed-format';

const COLUMNS = {
  value: ['indicator', 'value', 'ioc', 'observable', 'indicator_value'],
  type: ['type', 'indicator_type', 'kind'],
  reputation: ['reputation', 'verdict'],
  categories: ['categories', 'category', 'tags'],
  actors: ['threat_actors', 'threat_actor', 'actors', 'actor'],
  first_seen: ['first_seen', 'firstseen', 'first_seen_utc'],
  last_seen: ['last_seen', 'lastseen', 'last_seen_utc'],
} as const;

/** Type column values → the kinds each admits (checked against the value). */
const IP: readonly IndicatorKind[] = ['ipv4', 'ipv6'];
const NET: readonly IndicatorKind[] = ['ipv4', 'ipv6', 'cidr4', 'cidr6'];
const HASH: readonly IndicatorKind[] = ['md5', 'sha1', 'sha256'];
const TYPE_ALLOWS: Record<string, readonly IndicatorKind[]> = {
  ip: IP, 'ip-dst': NET, 'ip-src': NET, ipv4: ['ipv4', 'cidr4'], ipv6: ['ipv6', 'cidr6'], cidr: NET, network: NET,
  domain: ['domain', 'domain_suffix'], hostname: ['hostname'], fqdn: ['hostname'], domain_suffix: ['domain_suffix'], url: ['url'], uri: ['url'],
  md5: ['md5'], sha1: ['sha1'], 'sha-1': ['sha1'], sha256: ['sha256'], 'sha-256': ['sha256'], hash: HASH, filehash: HASH,
};

const list = (cell: string | undefined) => (cell ? cell.split(/[;|]/).map((s) => s.trim()).filter(Boolean) : []);

export function parseCsvFeed(text: string, opts: ParseOptions): ParsedFeed {
  const feed = emptyFeed();
  const rows = csvRows(text);
  let header: string[] | null = null;
  const col: Partial<Record<keyof typeof COLUMNS, number>> = {};
  try {
    for (const row of rows) {
      if (!header) {
        header = row.fields.map((h) => h.trim().toLowerCase());
        for (const [name, aliases] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, readonly string[]][]) {
          const idx = header.findIndex((h) => aliases.includes(h));
          if (idx >= 0) col[name] = idx;
        }
        if (col.value === undefined) throw invalid('file', `CSV header has no indicator column (one of ${COLUMNS.value.join(', ')}); found: ${header.join(', ')}`);
        continue;
      }
      const cell = (name: keyof typeof COLUMNS) => (col[name] === undefined ? undefined : (row.fields[col[name]!] ?? '').trim());
      const bad = (reason: string) => feed.rejects.push({ line: row.line, reason });
      if (row.fields.length > header.length) { bad(`has ${row.fields.length} fields but the header has ${header.length}`); continue; }
      const value = cell('value') ?? '';
      if (!value) { bad(`column '${header[col.value!]}' is empty`); continue; }
      const type = (cell('type') ?? '').toLowerCase();
      let kind: IndicatorKind | undefined;
      if (type) {
        const allows = TYPE_ALLOWS[type];
        if (!allows) { bad(`'${value}': type '${type}' is not one of ${Object.keys(TYPE_ALLOWS).join(', ')}`); continue; }
        const p = parseIndicator(value);
        if (!('error' in p)) {
          // A `hostname`/`fqdn` type says the name is that host exactly (its subdomains are not covered).
          if (p.kind === 'domain' && allows.includes('hostname')) p.kind = 'hostname';
          if (!allows.includes(p.kind)) { bad(`'${value}': type '${type}' but the value is ${KIND_TYPE[p.kind] === 'hash' ? 'a hash' : `a ${p.kind}`}`); continue; }
          kind = p.kind;
        }
      }
      const rep = (cell('reputation') ?? '').toLowerCase();
      if (rep && !isReputation(rep)) { bad(`'${value}': reputation '${rep}' is not malicious, suspicious, unknown or benign`); continue; }
      const dates: Partial<Record<'first_seen' | 'last_seen', number>> = {};
      let dateError = '';
      for (const d of ['first_seen', 'last_seen'] as const) {
        const raw = cell(d);
        if (!raw) continue;
        const t = parseTimestamp(raw);
        if (Number.isFinite(t)) dates[d] = t;
        else dateError = `'${value}': ${d} '${raw}' is not a date`;
      }
      if (dateError) { bad(dateError); continue; }
      feed.records.push({
        value,
        kind,
        reputation: rep && isReputation(rep) ? rep : opts.reputation,
        categories: list(cell('categories')),
        threat_actors: list(cell('actors')),
        ...dates,
        line: row.line,
      });
    }
  } catch (err) {
    // An unterminated quote swallows the rest of the file: report where it starts, keep what came before.
    if (!(err instanceof CsvError)) throw err;
    feed.rejects.push({ line: err.line, reason: err.message.replace(/^line \d+: /, '') + ' (the rest of the file could not be read)' });
  }
  return feed;
}
