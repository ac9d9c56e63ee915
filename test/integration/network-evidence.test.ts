// Network evidence beyond conn and dns on the real OTRF LSASS campaign 01 Zeek logs: the Meterpreter
// stage fetched over plain HTTP from a bare address (http.log, files.log) and the C2's self-signed
// certificate (ssl.log joined to x509.log by fingerprint), beside the C2 channel conn.log shows.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actor, openEngine, securityLogs, tempDir, unzip } from '../unit/ingest/helpers';

const LSASS_01 = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');

describe('Zeek http, files, ssl and x509 (OTRF LSASS campaign 01)', () => {
  it.each([
    ['ssl before x509', ['dns.log', 'conn.log', 'http.log', 'files.log', 'ssl.log', 'x509.log', 'pe.log']],
    ['x509 before ssl', ['x509.log', 'ssl.log', 'files.log', 'http.log', 'dns.log', 'conn.log']],
  ])('finds the executable stage and the self-signed C2 certificate (%s), one anomaly each', async (_order, names) => {
    const engine = openEngine();
    try {
      const files = unzip(LSASS_01, tempDir());
      for (const name of names) await engine.ingest.ingestFile(files.find((p) => p.endsWith(`/${name}`))!, { actor });
      const found = engine.anomalies.list({ status: 'all', limit: 50 }).anomalies;
      const byType = Object.fromEntries(found.map((a) => [a.type, a]));
      expect(Object.keys(byType).sort()).toEqual(['c2_beaconing', 'executable_download', 'untrusted_certificate']);
      expect(found).toHaveLength(3);
      expect(byType.executable_download).toMatchObject({ entity_id: '192.168.1.41', severity: 'high', recommended_action: 'block_destination', observed_destinations: ['10.0.5.13'] });
      expect(byType.executable_download.description).toMatch(/^Host 192\.168\.1\.41 downloaded application\/x-dosexec from the bare address 10\.0\.5\.13 \(T1105; (file transfer|HTTP) log\)$/);
      // http.log and files.log show the same download: one anomaly, seen twice.
      expect(byType.executable_download.occurrences).toBe(2);
      expect(byType.untrusted_certificate).toMatchObject({ entity_id: '192.168.1.41', severity: 'medium', observed_destinations: ['10.0.5.13'] });
      expect(byType.untrusted_certificate.description).toContain('presenting a self-signed certificate (emailAddress=quantify@prosacco.sons.com,CN=prosacco.sons.com');
      // All three are one incident about the C2 server.
      expect(new Set(found.map((a) => a.incident_id)).size).toBe(1);
    } finally {
      engine.close();
    }
  });
});
