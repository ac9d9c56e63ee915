// Suricata alerts as anomalies, on the real Slips test6 capture (a honeypot the internet probes):
// severity-1 alerts raise high anomalies that open an incident; reputation and scan alerts from the
// internet are one low finding per signature, however many peers and repeats.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actor, openEngine, securityLogs } from '../unit/ingest/helpers';

const SURICATA = join(securityLogs, 'stratosphere-slips/test6-malicious.suricata.json');

describe('IDS alerts (Suricata EVE)', () => {
  it('raises the severity-1 alerts as high anomalies, deduplicated per signature, feeding one incident', async () => {
    const engine = openEngine();
    try {
      await engine.ingest.ingestFile(SURICATA, { actor });
      const ids = engine.anomalies.list({ status: 'all', limit: 500 }).anomalies.filter((a) => a.type === 'ids_alert');
      const high = ids.filter((a) => a.severity === 'high');
      expect(high.map((a) => a.evidence.signature).sort()).toEqual([
        'ET EXPLOIT D-Link Devices Home Network Administration Protocol Command Execution',
        'ET WEB_SERVER WGET Command Specifying Output in HTTP Headers',
      ]);
      expect(high[0]).toMatchObject({ entity_id: '192.168.1.129', recommended_action: 'investigate', observed_destinations: ['112.249.236.129'] });
      expect(high[0].description).toMatch(/^IDS alert 'ET .*' \(severity 1\) on Host 192\.168\.1\.129: 112\.249\.236\.129:46090 → 192\.168\.1\.129:80\/tcp$/);
      // One anomaly per signature and direction: never more anomalies than distinct signatures.
      const signatures = new Set(ids.map((a) => a.evidence.signature));
      expect(ids.length).toBe(signatures.size);
      // Inbound reputation-list and scan alerts (Suricata severity 2) are context, not a case.
      expect(ids.filter((a) => a.severity !== 'high').every((a) => a.severity === 'low')).toBe(true);
      const scan = ids.find((a) => a.evidence.signature === 'ET SCAN Suspicious inbound to MSSQL port 1433')!;
      expect((scan.evidence.peers as string[]).length).toBeGreaterThan(1);
      expect(new Set(high.map((a) => a.incident_id)).size).toBe(1);
      expect(high[0].incident_id).not.toBeNull();
    } finally {
      engine.close();
    }
  });
});
