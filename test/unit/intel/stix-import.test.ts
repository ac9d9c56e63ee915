// STIX 2.1 bundles: patterns, indicator types, actors from relationships, infrastructure observables.
import { describe, expect, it } from 'vitest';
import { actor, intelData, memoryEngine, tempFile } from './helpers';

describe('STIX 2.1 import', () => {
  it('apt1.json: 10 of 12 indicators are matchable; the two x509 ones are skipped, not refused', () => {
    const e = memoryEngine();
    const s = e.intel.importFile(intelData('stix/apt1.json'), { actor });
    expect(s).toMatchObject({ feed: 'apt1', format: 'stix', imported: 10, new_indicators: 10, rejected_count: 0 });
    expect(s.by_kind).toEqual({ cidr4: 4, domain: 3, md5: 3 });
    expect(s.skipped).toEqual({ 'STIX pattern on x509-certificate (no matchable observable)': 2 });
  });

  it('apt1.json: hugesoft.org gets the actors the relationships link it to (Ugly Gorilla, and APT1 / Comment Crew one hop on)', () => {
    const e = memoryEngine();
    e.intel.importFile(intelData('stix/apt1.json'), { actor });
    const c = e.intel.lookup('hugesoft.org');
    expect(c.reputation).toBe('malicious');
    expect(c.categories).toEqual(['malicious-activity']);
    expect(c.threat_actors.slice(0, 4)).toEqual(['Ugly Gorilla', 'Greenfield', 'JackWang', 'Wang Dong']);
    expect(c.threat_actors).toEqual(expect.arrayContaining(['APT1', 'Comment Crew', 'Comment Group', 'Shady Rat']));
    // identities the actor is attributed to are people, not actors
    expect(c.threat_actors).not.toContain('Mei Qiang');
    expect(c.first_seen).toBe('2015-05-15T09:12:16.432Z');
    // The HTRAN hop points indicate a malware no actor in the bundle uses: no actors.
    const hop = e.intel.lookup('223.166.10.20');
    expect(hop).toMatchObject({ type: 'ip', reputation: 'malicious', threat_actors: [] });
    expect(hop.categories).toContain('malicious-activity');
    expect(e.intel.lookup('223.166.0.0/15').type).toBe('cidr');
    expect(e.intel.lookup('001DD76872D80801692FF942308C64E6')).toMatchObject({ type: 'hash', reputation: 'malicious', indicator: '001dd76872d80801692ff942308c64e6' });
  });

  it('indicator-for-c2-ip-address.json and indicators-for-C2-with-COA.json: the IP and the SHA-256 pattern', () => {
    const e = memoryEngine();
    expect(e.intel.importFile(intelData('stix/indicator-for-c2-ip-address.json'), { actor })).toMatchObject({ imported: 1, by_kind: { ipv4: 1 } });
    const coa = e.intel.importFile(intelData('stix/indicators-for-C2-with-COA.json'), { actor });
    expect(coa).toMatchObject({ imported: 2, new_indicators: 1, updated: 1, by_kind: { ipv4: 1, sha256: 1 } });
    const ip = e.intel.lookup('10.0.0.0');
    expect(ip.feed_sources).toBe(2); // the same IP from two files = two feeds
    expect(ip.categories).toEqual(['malicious-activity', 'remote-access-trojan']); // indicator type + the Poison Ivy malware type
    expect(e.intel.lookup('ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c').reputation).toBe('malicious');
  });

  it('infrastructure.json: the SCOs an infrastructure consists of become indicators with its types', () => {
    const e = memoryEngine();
    const s = e.intel.importFile(intelData('stix/infrastructure.json'), { actor });
    expect(s).toMatchObject({ imported: 2, by_kind: { ipv4: 1, domain: 1 } });
    const c2 = e.intel.lookup('198.51.100.3');
    expect(c2.categories).toEqual(['command-and-control', 'remote-access-trojan']);
    expect(c2.first_seen).toBe('2016-05-07T11:22:30.000Z');
    expect(e.intel.lookup('example.com').categories).toEqual(['hosting-target-lists', 'bot']); // IMDDOS (a bot) uses it
  });

  it('malicious-email and indicator-to-campaign examples: unmatchable patterns skipped, campaign indicator kept', () => {
    const e = memoryEngine();
    const mail = e.intel.importFile(intelData('stix/malicious-email-indicator-with-attachment.json'), { actor });
    expect(mail).toMatchObject({ imported: 0, rejected_count: 0 });
    expect(mail.skipped).toEqual({ 'STIX pattern on email-message (no matchable observable)': 2 });
    expect(e.intel.importFile(intelData('stix/indicator-to-campaign-relationship.json'), { actor })).toMatchObject({ imported: 1 });
    // the campaign it indicates is the only attribution that bundle gives
    expect(e.intel.lookup('10.0.0.0').threat_actors).toEqual(['Operation Omega']);
  });

  it('interop-objectmarking-test.json is a lone campaign, not a bundle: a clear error and nothing written', () => {
    const e = memoryEngine();
    expect(() => e.intel.importFile(intelData('stix/interop-objectmarking-test.json'), { actor })).toThrow(/not a STIX 2.1 bundle: the top level is a single 'campaign' object/);
    expect(e.intel.feeds().feeds).toEqual([]);
  });

  it('tolerates what STIX 2.0-era bundles (poisonivy.json) contain: bare comparisons, ipv4addr, a trailing dot, labels', () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--2',
      objects: [
        { type: 'campaign', id: 'campaign--m', name: 'menuPass' },
        { type: 'malware', id: 'malware--p', name: 'PIVY Variant', labels: ['remote-access-trojan'] },
        { type: 'indicator', id: 'indicator--1', pattern: "ipv4addr:value = '219.76.208.163'", labels: ['malicious-activity', 'attribution'], valid_from: '2015-05-15T09:00:00.000000Z' },
        { type: 'indicator', id: 'indicator--2', pattern: "[domain-name:value = 'www.webserver.dynssl.com' OR ipv4addr:value = '113.10.246.30']. ", labels: ['malicious-activity'], valid_from: '2015-05-15T09:00:00.000000Z' },
        { type: 'indicator', id: 'indicator--3', pattern: "[domain-name:value = 'domain autuo.xicp.net' OR ipv4addr:value = '60.10.1.115']", labels: ['malicious-activity'] },
        { type: 'relationship', id: 'relationship--1', relationship_type: 'indicates', source_ref: 'indicator--2', target_ref: 'campaign--m' },
        { type: 'relationship', id: 'relationship--2', relationship_type: 'indicates', source_ref: 'indicator--2', target_ref: 'malware--p' },
      ],
    };
    const e = memoryEngine();
    const s = e.intel.importFile(tempFile('pivy.json', JSON.stringify(bundle, null, 2)), { actor });
    expect(s.by_kind).toEqual({ ipv4: 3, domain: 1 });
    expect(s.rejected).toEqual([{ line: expect.any(Number), reason: "'domain autuo.xicp.net': contains whitespace" }]);
    expect(e.intel.lookup('www.webserver.dynssl.com')).toMatchObject({ reputation: 'malicious', threat_actors: ['menuPass'], categories: ['malicious-activity', 'remote-access-trojan'] });
  });

  it("OR'ed comparisons each make an indicator; AND keeps only a file hash; a broken pattern is refused with its line", () => {
    const bundle = {
      type: 'bundle',
      id: 'bundle--1',
      objects: [
        { type: 'indicator', spec_version: '2.1', id: 'indicator--a', pattern_type: 'stix', valid_from: '2024-01-02T00:00:00Z', indicator_types: ['anomalous-activity'],
          pattern: "[ipv4-addr:value = '203.0.113.7' OR domain-name:value = 'bad.example' OR url:value = 'hxxp://bad[.]example/x'] OR [ipv6-addr:value = '2001:db8::66']" },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--b', pattern_type: 'stix', valid_from: '2024-01-02T00:00:00Z',
          pattern: "[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' AND file:name = 'x.exe']" },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--c', pattern_type: 'stix', valid_from: '2024-01-02T00:00:00Z', pattern: "[ipv4-addr:value = '1.2.3.4' OR" },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--d', pattern_type: 'stix', valid_from: '2024-01-02T00:00:00Z', pattern: "[ipv4-addr:value = '999.1.1.1']" },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--e', pattern_type: 'snort', pattern: 'alert tcp any any -> any any' },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--f', revoked: true, pattern: "[ipv4-addr:value = '5.5.5.5']" },
        { type: 'indicator', spec_version: '2.1', id: 'indicator--g', pattern: "[file:hashes.MD5 IN ('d41d8cd98f00b204e9800998ecf8427e', '0cc175b9c0f1b6a831c399e269772661')]" },
      ],
    };
    const e = memoryEngine();
    const s = e.intel.importFile(tempFile('made.json', JSON.stringify(bundle, null, 2)), { actor });
    expect(s.by_kind).toEqual({ ipv4: 1, domain: 1, url: 1, ipv6: 1, sha256: 1, md5: 2 });
    expect(s.skipped).toEqual({ "STIX indicator with pattern_type 'snort'": 1, 'revoked STIX indicator': 1 });
    expect(s.rejected_count).toBe(2);
    expect(s.rejected[0].reason).toMatch(/indicator--c: pattern .*unbalanced/);
    expect(s.rejected[0].line).toBeGreaterThan(1);
    expect(s.rejected[1].reason).toMatch(/'999.1.1.1'/);
    const ctx = e.intel.lookup('bad.example');
    expect(ctx).toMatchObject({ reputation: 'suspicious', categories: ['anomalous-activity'], first_seen: '2024-01-02T00:00:00.000Z' });
    expect(e.intel.lookup('http://bad.example/x').reputation).toBe('suspicious');
  });
});
