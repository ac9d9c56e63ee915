// Plain lists (ipsets, hash lists, defanged blocklists) and CSV feeds, with line-numbered rejects.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actor, intelData, memoryEngine, tempFile } from './helpers';

describe('plain list import', () => {
  it('firehol_feodo.ipset: 235 IPs, the comment header skipped, feed named after the file', () => {
    const e = memoryEngine();
    const s = e.intel.importFile(intelData('blocklists/firehol_feodo.ipset'), { category: 'botnet_c2', actor });
    expect(s).toMatchObject({ feed: 'firehol_feodo', format: 'plain', imported: 235, new_indicators: 235, rejected_count: 0, by_kind: { ipv4: 235 }, feed_indicators: 235 });
    const first = readFileSync(intelData('blocklists/firehol_feodo.ipset'), 'utf8').split('\n').find((l) => /^\d/.test(l))!.trim();
    expect(e.intel.lookup(first)).toMatchObject({ reputation: 'malicious', categories: ['botnet_c2'], feed_sources: 1 });
  });

  it('all_campaigns_sha256_union.txt: 5,362 SHA-256 lines; 8 differ from another only in letter case, so 5,354 indicators', () => {
    const e = memoryEngine();
    const s = e.intel.importFile(intelData('eset-malware-ioc/all_campaigns_sha256_union.txt'), { feed: 'eset', actor });
    expect(s).toMatchObject({ imported: 5362, distinct: 5354, new_indicators: 5354, rejected_count: 0, by_kind: { sha256: 5362 } });
    expect(e.intel.feeds().totals).toEqual({ indicators: 5354, malicious: 5354, suspicious: 0, benign: 0, unknown: 0 });
    expect(e.intel.feeds().feeds[0]).toMatchObject({ name: 'eset', indicators: 5354 });
  });

  it('blacklotus samples.{md5,sha1,sha256}: 31 of each, all in one feed', () => {
    const e = memoryEngine();
    for (const [ext, kind] of [['md5', 'md5'], ['sha1', 'sha1'], ['sha256', 'sha256']] as const) {
      const s = e.intel.importFile(intelData(`eset-malware-ioc/blacklotus/samples.${ext}`), { feed: 'blacklotus', actor });
      expect(s.by_kind).toEqual({ [kind]: 31 });
    }
    expect(e.intel.feeds().feeds).toEqual([expect.objectContaining({ name: 'blacklotus', format: 'plain', indicators: 93 })]);
    const md5 = readFileSync(intelData('eset-malware-ioc/blacklotus/samples.md5'), 'utf8').split('\n')[0].trim();
    expect(e.intel.lookup(md5.toUpperCase())).toMatchObject({ type: 'hash', reputation: 'malicious', indicator: md5 });
  });

  it('comments, blank lines, trailing comments, defanging, hosts lines; bad lines reported with their numbers', () => {
    const text = [
      '# my list', // 1
      '; another comment style', // 2
      '', // 3
      '203.0.113.5   # trailing comment', // 4
      'hxxp://evil[.]example/payload.bin', // 5
      '0.0.0.0 tracker.bad.example', // 6
      '*.dyn.bad.example ; wildcard', // 7
      'not_a_thing', // 8
      '300.1.1.1', // 9
      '198.51.100.0/24', // 10
      '\t  2001:db8::10  ', // 11
    ].join('\r\n');
    const e = memoryEngine();
    const s = e.intel.importFile(tempFile('list.txt', text), { actor, reputation: 'suspicious' });
    expect(s.by_kind).toEqual({ ipv4: 1, url: 1, domain: 1, domain_suffix: 1, cidr4: 1, ipv6: 1 });
    expect(s.rejected).toEqual([
      { line: 8, reason: "'not_a_thing': a domain name needs at least two labels" },
      { line: 9, reason: "'300.1.1.1': not a valid IPv4 address" },
    ]);
    expect(e.intel.lookup('a.dyn.bad.example').reputation).toBe('suspicious');
  });

  it('refuses an unknown --format, --reputation or a missing file by name', () => {
    const e = memoryEngine();
    expect(() => e.intel.importFile(intelData('blocklists/firehol_feodo.ipset'), { actor, format: 'yaml' })).toThrow(/format: 'yaml' is not one of stix, misp, csv, plain/);
    expect(() => e.intel.importFile('/nonexistent/feed.txt', { actor })).toThrow(/cannot read '\/nonexistent\/feed.txt': ENOENT/);
  });
});

describe('CSV import', () => {
  it('reads the optional columns, keeps good rows and reports bad ones by line', () => {
    const csv = [
      'Indicator,Type,Reputation,Categories,Threat_Actors,First_Seen,Last_Seen', // 1
      '185.234.47.21,ip,malicious,c2_server;ransomware_infrastructure,APT-44|BlackCat,2025-08-12T00:00:00Z,2026-05-21T08:47:00Z', // 2
      'evil.example,domain,suspicious,phishing,,,', // 3
      '"bad,quoted",domain,,,,,', // 4
      'd41d8cd98f00b204e9800998ecf8427e,sha256,,,,,', // 5
      '203.0.113.1,ip,terrible,,,,', // 6
      '203.0.113.2,ip,,,,yesterday,', // 7
      '203.0.113.3,ip,,,,,,extra', // 8
      ',ip,,,,,', // 9
      '198.51.100.0/24,cidr,benign,,,,', // 10
    ].join('\n');
    const e = memoryEngine();
    const s = e.intel.importFile(tempFile('feed.csv', csv), { actor, feed: 'partner' });
    expect(s).toMatchObject({ format: 'csv', imported: 3, by_kind: { ipv4: 1, domain: 1, cidr4: 1 } });
    expect(s.rejected.map((r) => r.line)).toEqual([5, 6, 7, 8, 9, 4]);
    expect(s.rejected[0].reason).toMatch(/type 'sha256' but the value is a hash/);
    expect(s.rejected[1].reason).toMatch(/reputation 'terrible'/);
    expect(s.rejected[2].reason).toMatch(/first_seen 'yesterday' is not a date/);
    expect(s.rejected[3].reason).toMatch(/8 fields but the header has 7/);
    expect(s.rejected[5].reason).toMatch(/'bad,quoted'/);
    expect(e.intel.lookup('185.234.47.21')).toEqual({
      indicator: '185.234.47.21',
      type: 'ip',
      reputation: 'malicious',
      categories: ['c2_server', 'ransomware_infrastructure'],
      threat_actors: ['APT-44', 'BlackCat'],
      first_seen: '2025-08-12T00:00:00.000Z',
      last_seen: '2026-05-21T08:47:00.000Z',
      feed_sources: 1,
      blocked_in_fleet: false,
      block_policy_id: null,
    });
  });

  it('a CSV without an indicator column is refused, naming the header it found', () => {
    const e = memoryEngine();
    expect(() => e.intel.importFile(tempFile('x.csv', 'ip_address,score\n1.2.3.4,9\n'), { actor })).toThrow(/no indicator column .* found: ip_address, score/);
  });

  it('an unterminated quote keeps the rows before it and reports where it starts', () => {
    const e = memoryEngine();
    const s = e.intel.importFile(tempFile('q.csv', 'value,category\n203.0.113.8,x\n"203.0.113.9,y\n203.0.113.10,z\n'), { actor });
    expect(s.imported).toBe(1);
    expect(s.rejected).toEqual([{ line: 3, reason: 'unterminated quoted field (the rest of the file could not be read)' }]);
  });
});
