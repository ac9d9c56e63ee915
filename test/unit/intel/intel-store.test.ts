// The store's behaviour: merging feeds, threat context, matching telemetry, re-imports, other processes, audit.
import { describe, expect, it } from 'vitest';
import { threatContextSchema } from '../../../src-shared/contract/operations/intel-lookup';
import { intelFeeds } from '../../../src-shared/contract/operations/intel-feeds';
import { verifyAuditChain } from '../../../src-main/engine/audit/verify';
import { ManualClock } from '../../../src-main/engine/clock';
import { Engine } from '../../../src-main/engine/engine';
import { NO_INTEL_HITS, type IndicatorRecord } from '../../../src-main/engine/intel/intel-store';
import { actor, intelData, memoryEngine, T0, tempDir, tempFile } from './helpers';
import { testLogger } from '../../support/test-logger';

const rec = (value: string, extra: Partial<IndicatorRecord> = {}): IndicatorRecord => ({ value, reputation: 'malicious', categories: [], threat_actors: [], ...extra });
const DAY = 86_400_000;

describe('threat context', () => {
  it('answers exactly the get_threat_context shape, counting distinct feeds', () => {
    const e = memoryEngine();
    e.intel.importIndicators([rec('185.234.47.21', { categories: ['c2_server'], threat_actors: ['APT-44'], first_seen: Date.parse('2025-08-12T00:00:00Z') })], { feed: 'feed-a', format: 'test', actor });
    e.intel.importIndicators([rec('185.234.47.21', { reputation: 'suspicious', categories: ['ransomware_infrastructure', 'c2_server'], threat_actors: ['BlackCat'], last_seen: Date.parse('2026-05-21T08:47:00Z') })], { feed: 'feed-b', format: 'test', actor });
    const c = e.intel.lookup('185.234.47.21');
    expect(Object.keys(c)).toEqual(['indicator', 'type', 'reputation', 'categories', 'threat_actors', 'first_seen', 'last_seen', 'feed_sources', 'blocked_in_fleet', 'block_policy_id']);
    expect(threatContextSchema.strict().parse(c)).toEqual(c);
    expect(c).toEqual({
      indicator: '185.234.47.21',
      type: 'ip',
      reputation: 'malicious', // worst of malicious and suspicious
      categories: ['c2_server', 'ransomware_infrastructure'],
      threat_actors: ['APT-44', 'BlackCat'],
      first_seen: '2025-08-12T00:00:00.000Z',
      last_seen: '2026-05-21T08:47:00.000Z',
      feed_sources: 2,
      blocked_in_fleet: false,
      block_policy_id: null,
    });
    const row = e.db.prepare("SELECT feed_sources, reputation FROM indicators WHERE value = '185.234.47.21'").get();
    expect(row).toEqual({ feed_sources: 2, reputation: 'malicious' });
  });

  it('unknown but well-formed indicators answer unknown; malformed ones are refused naming the value', () => {
    const e = memoryEngine();
    e.intel.importFile(intelData('blocklists/firehol_feodo.ipset'), { actor });
    expect(e.intel.lookup('8.8.8.8')).toEqual({ indicator: '8.8.8.8', type: 'ip', reputation: 'unknown', categories: [], threat_actors: [], first_seen: null, last_seen: null, feed_sources: 0, blocked_in_fleet: false, block_policy_id: null });
    expect(e.intel.lookup('Nothing.Example.org.')).toMatchObject({ indicator: 'nothing.example.org', type: 'domain', reputation: 'unknown' });
    expect(e.intel.lookup('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toMatchObject({ type: 'hash', reputation: 'unknown', feed_sources: 0 });
    for (const bad of ['xyz', '999.1.2.3', 'abc123', 'http://']) {
      let caught: unknown;
      try {
        e.intel.lookup(bad);
      } catch (err) {
        caught = err;
      }
      expect(caught).toMatchObject({ name: 'UserError', code: 'invalid_input', field: 'indicator' });
      expect((caught as Error).message).toContain(`indicator: '${bad}' is not an IP address, CIDR, domain, URL or MD5/SHA-1/SHA-256 hash`);
    }
  });

  it('an IP inside CIDRs reports the most specific one; the exact IP decides when both exist', () => {
    const e = memoryEngine();
    e.intel.importIndicators([rec('10.0.0.0/8', { categories: ['broad'] }), rec('10.20.0.0/16', { categories: ['narrow'], reputation: 'suspicious' }), rec('10.20.30.40', { reputation: 'benign', categories: ['allowlisted_host'] })], { feed: 'nets', format: 'test', actor });
    expect(e.intel.lookup('10.99.1.1')).toMatchObject({ type: 'ip', reputation: 'malicious', categories: ['broad'] });
    expect(e.intel.lookup('10.20.1.1')).toMatchObject({ reputation: 'suspicious', categories: ['narrow'] });
    expect(e.intel.lookup('10.20.30.40')).toMatchObject({ reputation: 'benign', categories: ['allowlisted_host', 'narrow'] });
    expect(e.intel.lookup('10.20.0.0/16')).toMatchObject({ type: 'cidr', reputation: 'suspicious' });
    expect(e.intel.lookup('11.0.0.1').reputation).toBe('unknown');
  });

  it('*.suffix patterns cover subdomains (the longest wins) but not the domain itself', () => {
    const e = memoryEngine();
    e.intel.importIndicators([rec('*.evil.ru', { categories: ['pattern'] }), rec('*.cdn.evil.ru', { categories: ['cdn'], reputation: 'suspicious' })], { feed: 'p', format: 'test', actor });
    expect(e.intel.lookup('a.b.evil.ru')).toMatchObject({ type: 'domain', reputation: 'malicious', categories: ['pattern'] });
    expect(e.intel.lookup('x.cdn.evil.ru')).toMatchObject({ reputation: 'suspicious', categories: ['cdn'] });
    expect(e.intel.lookup('evil.ru').reputation).toBe('unknown');
    expect(e.intel.lookup('*.evil.ru')).toMatchObject({ indicator: '*.evil.ru', type: 'domain', reputation: 'malicious' });
  });

  it('IPv6 addresses and prefixes, in any spelling', () => {
    const e = memoryEngine();
    e.intel.importIndicators([rec('2001:DB8:0:0:0:0:0:BAD'), rec('2001:db8:ffff::/48', { categories: ['v6net'] })], { feed: 'v6', format: 'test', actor });
    expect(e.intel.lookup('2001:0db8::0bad')).toMatchObject({ indicator: '2001:db8::bad', type: 'ip', reputation: 'malicious' });
    expect(e.intel.lookup('2001:db8:ffff:1::9')).toMatchObject({ reputation: 'malicious', categories: ['v6net'] });
    expect(e.intel.lookup('2001:db8:fffe::9').reputation).toBe('unknown');
  });

  it('a URL lookup falls back on its host', () => {
    const e = memoryEngine();
    e.intel.importIndicators([rec('*.bad.example', { categories: ['c2'] })], { feed: 'd', format: 'test', actor });
    expect(e.intel.lookup('hxxps://x.bad[.]example/path')).toMatchObject({ indicator: 'https://x.bad.example/path', type: 'url', reputation: 'malicious', categories: ['c2'] });
  });

  it('asks the block resolver, when one is plugged in, whether the indicator is blocked', () => {
    const e = memoryEngine();
    e.intel.setBlockResolver((indicator) => (indicator === '203.0.113.66' ? { policy_id: 'pol_c2_block_global' } : null));
    expect(e.intel.lookup('203.0.113.66')).toMatchObject({ blocked_in_fleet: true, block_policy_id: 'pol_c2_block_global' });
    expect(e.intel.lookup('203.0.113.67')).toMatchObject({ blocked_in_fleet: false, block_policy_id: null });
  });
});

describe('matching telemetry', () => {
  it('matches flow addresses, DNS queries and answers, and hashes; nothing matched returns the shared frozen empty list', () => {
    const e = memoryEngine();
    e.intel.importIndicators(
      [rec('198.51.100.7'), rec('203.0.113.0/24', { reputation: 'suspicious' }), rec('*.evil.ru'), rec('cname.bad.example'), rec('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'), rec('2001:db8::bad'), rec('192.0.2.1', { reputation: 'benign' })],
      { feed: 't', format: 'test', actor },
    );
    const id = (v: string) => e.db.prepare('SELECT id FROM indicators WHERE value = ?').pluck().get(v) as number;
    expect(e.intel.matchEvent({ ts: 1, kind: 'flow', src_ip: '10.0.0.5', dst_ip: '198.51.100.7' })).toEqual([{ indicator_id: id('198.51.100.7'), reputation: 'malicious', field: 'dst_ip', value: '198.51.100.7' }]);
    expect(e.intel.matchEvent({ ts: 1, kind: 'flow', src_ip: '203.0.113.200', dst_ip: '2001:DB8::BAD' })).toEqual([
      { indicator_id: id('203.0.113.0/24'), reputation: 'suspicious', field: 'src_ip', value: '203.0.113.200' },
      { indicator_id: id('2001:db8::bad'), reputation: 'malicious', field: 'dst_ip', value: '2001:DB8::BAD' },
    ]);
    expect(e.intel.matchEvent({ ts: 1, kind: 'dns', query: 'Update.Evil.RU.', answers: ['cname.bad.example', '198.51.100.7', '8.8.8.8'] })).toEqual([
      { indicator_id: id('*.evil.ru'), reputation: 'malicious', field: 'query', value: 'Update.Evil.RU.' },
      { indicator_id: id('cname.bad.example'), reputation: 'malicious', field: 'answer', value: 'cname.bad.example' },
      { indicator_id: id('198.51.100.7'), reputation: 'malicious', field: 'answer', value: '198.51.100.7' },
    ]);
    expect(e.intel.matchEvent({ ts: 1, kind: 'process', hash: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' })).toHaveLength(1);
    const none = e.intel.matchEvent({ ts: 1, kind: 'flow', src_ip: '10.0.0.5', dst_ip: '192.0.2.1' }); // benign: no hit
    expect(none).toBe(NO_INTEL_HITS);
    expect(Object.isFrozen(none)).toBe(true);
    expect(e.intel.matchEvent({ ts: 1, kind: 'dns', query: 'evil.ru' })).toBe(NO_INTEL_HITS); // apex not covered
  });

  it('a benign exact entry carves an allowlisted host out of a malicious range', () => {
    const e = memoryEngine();
    e.intel.importIndicators([rec('198.51.100.0/24')], { feed: 'drop', format: 'test', actor });
    e.intel.importIndicators([rec('198.51.100.53', { reputation: 'benign' })], { feed: 'allow', format: 'test', actor });
    expect(e.intel.matchEvent({ ts: 1, kind: 'flow', dst_ip: '198.51.100.53' })).toBe(NO_INTEL_HITS);
    expect(e.intel.matchEvent({ ts: 1, kind: 'flow', dst_ip: '198.51.100.54' })).toHaveLength(1);
  });

  it('matches the real feeds: a Feodo C2 address, an APT1 hop point and its subdomains, a Gelsemium hash', () => {
    const e = memoryEngine();
    e.intel.importFile(intelData('blocklists/firehol_feodo.ipset'), { actor });
    e.intel.importFile(intelData('stix/apt1.json'), { actor });
    e.intel.importFile(intelData('eset-malware-ioc/gelsemium/misp.event_2021-06-09_gelsemium-when-threat-actors-go-gardening.json'), { actor });
    const hits = e.intel.matchEvent({ ts: 1, kind: 'flow', src_ip: '139.227.1.2', dst_ip: '8.8.8.8' });
    expect(hits.map((h) => [h.field, h.reputation])).toEqual([['src_ip', 'malicious']]);
    expect(e.intel.matchEvent({ ts: 1, kind: 'file', hash: '70188c4baa02dee02153e44bc5cb966a263d5f0e4e0d2c3935b9cd010f2e01da' })).toHaveLength(1);
    // A listed domain covers its subdomains; a sibling name does not.
    expect(e.intel.matchEvent({ ts: 1, kind: 'dns', query: 'www.msnhome.org' }).map((h) => [h.field, h.value])).toEqual([['query', 'www.msnhome.org']]);
    expect(e.intel.matchEvent({ ts: 1, kind: 'dns', query: 'msnhome.org' })).toHaveLength(1);
    expect(e.intel.matchEvent({ ts: 1, kind: 'dns', query: 'notmsnhome.org' })).toBe(NO_INTEL_HITS);
  });

  it('a name the feed gives as one host exactly (MISP hostname, a CSV hostname/fqdn type) does not cover its subdomains; a domain does', () => {
    const e = memoryEngine();
    const misp = { Event: { info: 'C2', Attribute: [
      { uuid: 'h1', type: 'hostname', to_ids: true, value: 'mail.bad.example' },
      { uuid: 'h2', type: 'hostname|port', to_ids: true, value: 'gate.bad.example|8443' },
      { uuid: 'd1', type: 'domain', to_ids: true, value: 'evil.example' },
    ] } };
    const imported = e.intel.importFile(tempFile('event.json', JSON.stringify(misp)), { feed: 'misp', actor });
    expect(imported.rejected_count).toBe(0);
    e.intel.importFile(tempFile('list.csv', 'indicator,type\nc2.csv.example,hostname\nweb.csv.example,fqdn\nwide.csv.example,domain\n'), { feed: 'csv', actor });
    const q = (query: string) => e.intel.matchEvent({ ts: 1, kind: 'dns', query }).map((h) => h.value);
    for (const host of ['mail.bad.example', 'gate.bad.example', 'c2.csv.example', 'web.csv.example']) {
      expect(q(host)).toEqual([host]);
      expect(q(`x.${host}`)).toEqual([]);
      expect(e.intel.lookup(host)).toMatchObject({ indicator: host, type: 'domain', reputation: 'malicious' });
    }
    expect(q('a.evil.example')).toEqual(['a.evil.example']);
    expect(q('a.wide.csv.example')).toEqual(['a.wide.csv.example']);
    // Another feed listing the same name as a domain widens the match to its subdomains.
    e.intel.importFile(tempFile('wide.txt', 'mail.bad.example\n'), { feed: 'plain', actor });
    expect(q('x.mail.bad.example')).toEqual(['x.mail.bad.example']);
  });
});

describe('re-imports, other processes and the audit log', () => {
  it('re-importing a feed updates instead of duplicating; dates widen, verdict and labels follow the feed', () => {
    const clock = new ManualClock(T0);
    const e = memoryEngine(clock);
    const file = tempFile('list.txt', '203.0.113.5\nevil.example\n');
    e.intel.importFile(file, { feed: 'bl', category: 'spam', actor });
    clock.advance(3 * DAY);
    const again = e.intel.importFile(file, { feed: 'bl', category: 'phishing', actor, reputation: 'suspicious' });
    expect(again).toMatchObject({ imported: 2, new_indicators: 0, updated: 2, feed_indicators: 2 });
    expect(e.db.prepare('SELECT COUNT(*) FROM indicators').pluck().get()).toBe(2);
    expect(e.db.prepare('SELECT COUNT(*) FROM indicator_sources').pluck().get()).toBe(2);
    expect(e.intel.lookup('203.0.113.5')).toMatchObject({ reputation: 'suspicious', categories: ['phishing'], feed_sources: 1, first_seen: new Date(T0).toISOString(), last_seen: new Date(T0 + 3 * DAY).toISOString() });
    expect(e.intel.matchEvent({ ts: 1, kind: 'flow', dst_ip: '203.0.113.5' })[0].reputation).toBe('suspicious');
  });

  it('replace mode withdraws what the feed no longer lists and deletes indicators no feed holds', () => {
    const e = memoryEngine();
    e.intel.importIndicators([rec('203.0.113.1'), rec('203.0.113.2'), rec('203.0.113.3')], { feed: 'a', format: 'test', actor });
    e.intel.importIndicators([rec('203.0.113.3', { reputation: 'suspicious' })], { feed: 'b', format: 'test', actor });
    const s = e.intel.importIndicators([rec('203.0.113.1')], { feed: 'a', format: 'test', actor, replace: true });
    expect(s).toMatchObject({ withdrawn: 2, removed: 1, feed_indicators: 1 });
    expect(e.intel.lookup('203.0.113.2').reputation).toBe('unknown');
    expect(e.intel.lookup('203.0.113.3')).toMatchObject({ reputation: 'suspicious', feed_sources: 1 });
    expect(e.intel.matchEvent({ ts: 1, kind: 'flow', dst_ip: '203.0.113.2' })).toBe(NO_INTEL_HITS);
  });

  it("a second engine on the same database sees the first one's import after a refresh", () => {
    const dir = tempDir();
    const a = Engine.open({ dataDir: dir, log: testLogger });
    const b = Engine.open({ dataDir: dir, log: testLogger });
    try {
      expect(b.intel.lookup('198.51.100.9').reputation).toBe('unknown');
      expect(b.intel.matchEvent({ ts: 1, kind: 'flow', dst_ip: '198.51.100.9' })).toBe(NO_INTEL_HITS);
      a.intel.importIndicators([rec('198.51.100.9', { categories: ['c2'] })], { feed: 'other-process', format: 'test', actor });
      expect(b.intel.lookup('198.51.100.9')).toMatchObject({ reputation: 'malicious', categories: ['c2'], feed_sources: 1 }); // lookup refreshes
      expect(b.intel.matchEvent({ ts: 1, kind: 'flow', dst_ip: '198.51.100.9' })).toHaveLength(1);
      expect(b.intel.refreshIfChanged()).toBe(false); // nothing new: one PRAGMA, no reload
      // matchEvent alone notices too, within a bounded number of events
      a.intel.importIndicators([rec('198.51.100.10')], { feed: 'other-process', format: 'test', actor });
      let seen = false;
      for (let i = 0; i < 10_000 && !seen; i++) seen = b.intel.matchEvent({ ts: i, kind: 'flow', dst_ip: '198.51.100.10' }).length > 0;
      expect(seen).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });

  it('every import is one audited transaction with the feed name and counts; feeds() fits the contract', () => {
    const e = memoryEngine();
    e.intel.importFile(intelData('blocklists/firehol_feodo.ipset'), { feed: 'feodo', actor });
    e.intel.importFile(tempFile('bad.txt', 'nonsense\n203.0.113.77\n'), { feed: 'mixed', actor });
    const rows = e.db.prepare("SELECT actor_type, actor_id, action, params, detail FROM audit_log WHERE action = 'intel.import' ORDER BY seq").all() as { params: string; detail: string }[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_type: 'cli', actor_id: 'tester' });
    expect(JSON.parse(rows[0].params)).toMatchObject({ feed: 'feodo', format: 'plain' });
    expect(JSON.parse(rows[0].detail)).toMatchObject({ imported: 235, new_indicators: 235, rejected: 0 });
    expect(JSON.parse(rows[1].detail)).toMatchObject({ imported: 1, rejected: 1 });
    expect(verifyAuditChain(e.audit.store).ok).toBe(true);
    const feeds = e.intel.feeds();
    expect(intelFeeds.output.parse(feeds)).toEqual(feeds);
    expect(feeds.feeds.map((f) => [f.name, f.indicators])).toEqual([['feodo', 235], ['mixed', 1]]);
    expect(feeds.totals).toEqual({ indicators: 236, malicious: 236, suspicious: 0, benign: 0, unknown: 0 });
  });

  it('a failed import leaves nothing behind: no indicators, no feed, no audit entry', () => {
    const e = memoryEngine();
    expect(() => e.intel.importIndicators([rec('203.0.113.1')], { feed: '', format: 'test', actor })).toThrow(/feed name/);
    expect(e.db.prepare('SELECT COUNT(*) FROM indicators').pluck().get()).toBe(0);
    expect(e.db.prepare('SELECT COUNT(*) FROM audit_log').pluck().get()).toBe(0);
  });
});

describe('ranges', () => {
  it('a queried IPv4 range reports the listed addresses and narrower ranges inside it', () => {
    const e = memoryEngine();
    e.intel.importFile(intelData('blocklists/firehol_feodo.ipset'), { actor });
    e.intel.importFile(tempFile('ranges.txt', '198.51.100.7\n198.51.100.64/27\n198.51.101.1\n'), { feed: 'ranges', actor });
    const c = e.intel.lookup('198.51.100.0/24');
    expect(c.reputation).toBe('unknown');
    expect(c.listed_inside).toEqual([{ indicator: '198.51.100.7', reputation: 'malicious' }, { indicator: '198.51.100.64/27', reputation: 'malicious' }]);
    expect(threatContextSchema.parse(c)).toEqual(c);
    expect(e.intel.lookup('198.51.100.7').listed_inside).toBeUndefined();
  });
});
