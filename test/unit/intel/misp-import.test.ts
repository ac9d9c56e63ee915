// MISP event JSON: attribute types, to_ids, tags and galaxies, both the response wrapper and a bare Event.
import { describe, expect, it } from 'vitest';
import { actor, intelData, memoryEngine, tempFile } from './helpers';

const GELSEMIUM = 'eset-malware-ioc/gelsemium/misp.event_2021-06-09_gelsemium-when-threat-actors-go-gardening.json';

describe('MISP import', () => {
  it('gelsemium: 51 MD5, 51 SHA-1 and 51 SHA-256, with the event info as category and the event date as first_seen', () => {
    const e = memoryEngine();
    const s = e.intel.importFile(intelData(GELSEMIUM), { feed: 'eset', actor });
    expect(s).toMatchObject({ format: 'misp', imported: 153, new_indicators: 153, rejected_count: 0, by_kind: { md5: 51, sha1: 51, sha256: 51 } });
    expect(s.skipped).toEqual({ 'MISP link (reference)': 1 });
    const c = e.intel.lookup('70188c4baa02dee02153e44bc5cb966a263d5f0e4e0d2c3935b9cd010f2e01da');
    expect(c).toMatchObject({ type: 'hash', reputation: 'malicious', first_seen: '2021-06-04T00:00:00.000Z', feed_sources: 1 });
    expect(c.categories).toEqual(['Gelsemium: when threat actors go gardening', 'ESET']); // osint: source-type tag is metadata
  });

  it('Zebrocy: filename|hash pairs and the C2 URL; the Sofacy galaxy tag is the actor; to_ids false on all, so context only', () => {
    const e = memoryEngine();
    const s = e.intel.importFile(intelData('eset-malware-ioc/sednit/2018-11-20_Zebrocy.json'), { actor });
    expect(s).toMatchObject({ imported: 16, by_kind: { sha1: 5, md5: 5, sha256: 5, url: 1 }, rejected_count: 0 });
    expect(s.skipped).toEqual({ 'MISP text attribute': 4, 'MISP email-dst attribute': 7, 'MISP email-src attribute': 4, 'MISP External analysis reference': 1 });
    const h = e.intel.lookup('e05de3e4a03369192856a167f2865eab3062a102b23bfdde5c0f622b39cd159a');
    // every attribute has to_ids false: the author marked none for detection, so each is context a lookup shows, not a detection
    expect(h).toMatchObject({ reputation: 'unknown', threat_actors: ['Sofacy'], categories: ['Zebrocy blogpost November 2018'] });
    const url = e.intel.lookup('http://45.124.132.127/company-device-support/values/correlate-sec.php');
    expect(url).toMatchObject({ type: 'url', reputation: 'unknown', threat_actors: ['Sofacy'] });
    // the blog post the event cites is a reference, not an indicator
    expect(e.intel.lookup('https://www.welivesecurity.com/2018/11/20/sednit-whats-going-zebrocy/').reputation).toBe('unknown');
  });

  it('a bare {"Event"} with domain, ip-dst, domain|ip, hostname, objects, tags and galaxies', () => {
    const event = {
      Event: {
        info: 'OceanLotus-like test event',
        date: '2019-03-20',
        uuid: 'ev-1',
        Tag: [{ name: 'tlp:white' }, { name: 'misp-galaxy:threat-actor="APT32"' }, { name: 'malware_classification:malware-category="Backdoor"' }],
        Galaxy: [{ type: 'mitre-intrusion-set', GalaxyCluster: [{ value: 'APT32 - G0050' }] }],
        Attribute: [
          { uuid: 'a1', type: 'domain', category: 'Network activity', to_ids: true, value: 'Evil-Update.example.' },
          { uuid: 'a2', type: 'domain', category: 'Network activity', to_ids: true, value: 'cdn[.]bad.example' },
          { uuid: 'a3', type: 'ip-dst', category: 'Network activity', to_ids: true, value: '203.0.113.10' },
          { uuid: 'a4', type: 'ip-dst', category: 'Network activity', to_ids: true, value: '203.0.113.0/28' },
          { uuid: 'a5', type: 'domain|ip', category: 'Network activity', to_ids: true, value: 'c2.bad.example|198.51.100.77' },
          { uuid: 'a6', type: 'hostname', category: 'Network activity', to_ids: true, value: 'mail.bad.example', Tag: [{ name: 'kill-chain:Command and Control' }] },
          { uuid: 'a7', type: 'filename|sha1', category: 'Payload delivery', to_ids: true, value: 'x.dll|da39a3ee5e6b4b0d3255bfef95601890afd80709' },
          { uuid: 'a8', type: 'regkey', category: 'Persistence mechanism', to_ids: true, value: 'HKCU\\Software\\x' },
          { uuid: 'a9', type: 'ip-dst', category: 'Network activity', to_ids: true, value: 'not-an-ip' },
          { uuid: 'a10', type: 'domain', category: 'Network activity', to_ids: true, value: 'gone.example', deleted: true },
          { uuid: 'a11', type: 'ip-dst', category: 'Network activity', to_ids: true, value: '203.0.113.10' },
          { uuid: 'a12', type: 'domain', category: 'Network activity', to_ids: false, value: 'shared-hosting.example' },
        ],
        Object: [{ name: 'domain-ip', Attribute: [{ uuid: 'o1', type: 'domain', to_ids: true, value: 'obj.bad.example' }, { uuid: 'o2', type: 'ip-dst', to_ids: true, value: '2001:db8::bad' }] }],
      },
    };
    const e = memoryEngine();
    const s = e.intel.importFile(tempFile('event.json', JSON.stringify(event, null, 2)), { actor, feed: 'ol' });
    expect(s.by_kind).toEqual({ domain: 5, hostname: 1, ipv4: 3, cidr4: 1, sha1: 1, ipv6: 1 });
    expect(s).toMatchObject({ imported: 12, distinct: 11 }); // 203.0.113.10 is listed twice
    expect(s.skipped).toEqual({ 'MISP regkey attribute': 1 });
    expect(s.rejected_count).toBe(1);
    expect(s.rejected[0].reason).toMatch(/'not-an-ip'/);
    expect(s.rejected[0].line).toBeGreaterThan(20); // where attribute a9 sits in the file
    const c = e.intel.lookup('evil-update.example');
    expect(c.threat_actors).toEqual(['APT32', 'APT32 - G0050']);
    expect(c.categories).toEqual(['OceanLotus-like test event', 'Backdoor']);
    expect(e.intel.lookup('mail.bad.example').categories).toEqual(['OceanLotus-like test event', 'Backdoor', 'kill-chain:Command and Control']);
    expect(e.intel.lookup('198.51.100.77').reputation).toBe('malicious');
    expect(e.intel.lookup('203.0.113.9').type).toBe('ip'); // inside the /28
    expect(e.intel.lookup('203.0.113.9').reputation).toBe('malicious');
    expect(e.intel.lookup('gone.example').reputation).toBe('unknown');
    // the one attribute marked to_ids false is context only
    expect(e.intel.lookup('shared-hosting.example').reputation).toBe('unknown');
  });

  it('JSON that is neither STIX nor MISP is refused clearly', () => {
    const e = memoryEngine();
    expect(() => e.intel.importFile(tempFile('x.json', '{"hello": 1}'), { actor })).toThrow(/neither a STIX 2.1 bundle nor a MISP event/);
    expect(() => e.intel.importFile(tempFile('y.json', '{"Event": '), { actor })).toThrow(/is not valid JSON/);
    expect(() => e.intel.importFile(tempFile('z.json', '{"a": 1}'), { actor, format: 'misp' })).toThrow(/not a MISP event/);
  });
});
