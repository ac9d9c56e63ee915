// Intel that looks back: indicators imported after the logs (OTRF LSASS campaign 01, Zeek conn and dns)
// find the contacts already stored, dated at the original events; a CIDR finds the addresses inside it,
// a listed domain its subdomains; a RAT's C2 is critical; to_ids false is context only.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actor, openEngine, securityLogs, tempDir, unzip } from '../unit/ingest/helpers';

const LSASS_01 = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');
const FIRST_C2 = Date.UTC(2023, 7, 16, 4, 53, 0); // the first conn.log contact with 10.0.5.13 is after this

describe('intel retro-hunt on import', () => {
  it('finds the earlier C2 contacts of indicators imported after the logs, with their original time and category severity', async () => {
    const engine = openEngine();
    try {
      const files = unzip(LSASS_01, tempDir());
      for (const name of ['dns.log', 'conn.log']) await engine.ingest.ingestFile(files.find((p) => p.endsWith(`/${name}`))!, { actor });
      const before = engine.anomalies.list({ status: 'all', limit: 50 }).anomalies.filter((a) => a.type === 'ioc_contact');
      expect(before).toEqual([]);

      // A CIDR around the Meterpreter server, categorised as a RAT's C2, and a domain the capture asked for a subdomain of.
      const feed = join(tempDir(), 'rat-c2.csv');
      writeFileSync(feed, 'indicator,category\n10.0.5.0/24,remote access trojan c2\nkdbuyqn.local,phishing\n');
      const summary = engine.intel.importFile(feed, { feed: 'rat-c2', actor });
      expect(summary.retro_hunt).toMatchObject({ window_days: 30 });
      expect(summary.retro_hunt!.events_scanned).toBeGreaterThan(100);
      expect(summary.retro_hunt!.hits).toBeGreaterThan(0);

      const ioc = engine.anomalies.list({ status: 'all', limit: 50 }).anomalies.filter((a) => a.type === 'ioc_contact');
      const c2 = ioc.find((a) => a.evidence.indicator === '10.0.5.13')!;
      expect(c2).toMatchObject({ entity_id: '192.168.1.41', severity: 'critical', recommended_action: 'block_destination' });
      expect(c2.description).toMatch(/^Host 192\.168\.1\.41 contacted 10\.0\.5\.13:\d+, rated malicious \(remote access trojan c2\) by threat intel \(found looking back when the indicator was imported\)$/);
      // Dated at the original contact in 2023, not at the import.
      expect(Date.parse(c2.detected_at)).toBeGreaterThan(FIRST_C2 - 3_600_000);
      expect(Date.parse(c2.detected_at)).toBeLessThan(Date.UTC(2023, 7, 17));
      expect(c2.evidence.found_by).toBe('retro_hunt');
      // The listed domain found the stored lookups of it, as a lower-severity finding (phishing is no C2).
      const dns = ioc.filter((a) => a.evidence.field === 'query');
      expect(dns.map((a) => [a.evidence.indicator, a.severity])).toEqual([['kdbuyqn.local', 'high']]);

      // A second import of the same feed finds nothing new: the hits are already recorded.
      const again = engine.intel.importFile(feed, { feed: 'rat-c2', actor });
      expect(again.retro_hunt!.hits).toBe(0);
    } finally {
      engine.close();
    }
  });

  it('keeps MISP attributes marked to_ids false as context: a lookup shows them, the hunt does not match them', async () => {
    const engine = openEngine();
    try {
      const files = unzip(LSASS_01, tempDir());
      await engine.ingest.ingestFile(files.find((p) => p.endsWith('/conn.log'))!, { actor });
      const misp = join(tempDir(), 'event.json');
      writeFileSync(misp, JSON.stringify({ Event: { info: 'lab', date: '2023-08-16', Attribute: [
        { uuid: 'a1', type: 'ip-dst', category: 'Network activity', to_ids: false, value: '10.0.5.13' },
      ] } }));
      const s = engine.intel.importFile(misp, { actor });
      expect(s.retro_hunt!.hits).toBe(0);
      expect(engine.intel.lookup('10.0.5.13').reputation).toBe('unknown');
      expect(engine.anomalies.list({ status: 'all', limit: 50 }).anomalies.filter((a) => a.type === 'ioc_contact')).toEqual([]);
    } finally {
      engine.close();
    }
  });
});
