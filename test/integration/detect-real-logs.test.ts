// Detectors on real public logs, through the real ingest path: the Meterpreter C2 of the OTRF LSASS
// campaigns, RemcosRAT beaconing (Slips test18) and Slips port scans, plus a Suricata honeypot capture
// that must not turn its victim into an attacker. Files kept aside for acceptance are tested when present.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import { actor, openEngine, securityLogs, tempDir, unzip } from '../unit/ingest/helpers';

const OTRF = join(securityLogs, 'otrf-security-datasets/compound');
const LSASS_01 = join(OTRF, 'LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');
const LSASS_05 = join(OTRF, 'LSASS_campaign_05/metasploit_sharpdump_lsass_memory_dump_zeek_logs.zip');
const SLIPS = join(securityLogs, 'stratosphere-slips');
const SURICATA = join(SLIPS, 'test6-malicious.suricata.json');

function find(dir: string, test: (path: string) => boolean): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      const found = find(p, test);
      if (found) return found;
    } else if (test(p)) return p;
  }
  return undefined;
}
const TEST18 = find(SLIPS, (p) => p.includes('test18') && p.endsWith('conn.log.labeled'));
const HORIZONTAL = find(join(SLIPS, 'port-scans'), (p) => /horizontal\/conn\.log$/.test(p));
const VERTICAL = find(join(SLIPS, 'port-scans'), (p) => /vertical\/conn\.log$/.test(p));

const anomalies = (engine: Engine) => engine.anomalies.list({ status: 'all', limit: 100 }).anomalies;

async function ingestZeekZip(engine: Engine, zip: string): Promise<void> {
  const files = unzip(zip, tempDir());
  // DNS first, so destinations are named when their connections arrive.
  for (const name of ['dns.log', 'conn.log']) {
    const f = files.find((p) => p.endsWith(`/${name}`));
    if (f) await engine.ingest.ingestFile(f, { actor });
  }
}

describe('detectors on real logs', () => {
  it('finds the Meterpreter C2 of OTRF LSASS campaign 01 (192.168.1.41 → 10.0.5.13:8080) and nothing else', async () => {
    const engine = openEngine();
    try {
      await ingestZeekZip(engine, LSASS_01);
      const found = anomalies(engine);
      expect(found.map((a) => [a.type, a.entity_id])).toEqual([['c2_beaconing', '192.168.1.41']]);
      expect(found[0].observed_destinations).toEqual(['10.0.5.13']);
      expect(found[0]).toMatchObject({ severity: 'high', recommended_action: 'block_destination' });
      expect(found[0].description).toMatch(/^Host 192\.168\.1\.41 keeping a command-and-control style channel to 10\.0\.5\.13:8080: 6 sessions/);
      const logged = engine.events.read(0, { filter: { event_type: 'anomaly' } }).events;
      expect(logged.map((e) => e.data.anomaly_type)).toEqual(['c2_beaconing']);
    } finally {
      engine.close();
    }
  });

  it('does not turn a honeypot that is scanned from outside (Slips test6, Suricata EVE) into a scanner or a beacon', async () => {
    const engine = openEngine();
    try {
      const summary = await engine.ingest.ingestFile(SURICATA, { actor });
      expect(summary.events).toBeGreaterThan(3000);
      expect(anomalies(engine).filter((a) => a.type === 'lateral_movement_attempt' || a.type === 'c2_beaconing' || a.type === 'possible_exfiltration')).toEqual([]);
      expect(engine.pipeline.baselines.peek('device', '192.168.1.129')).toBeDefined();
    } finally {
      engine.close();
    }
  });

  it.skipIf(!existsSync(LSASS_05))('finds the C2 of OTRF LSASS campaign 05 (10.0.5.14)', async () => {
    const engine = openEngine();
    try {
      await ingestZeekZip(engine, LSASS_05);
      const c2 = anomalies(engine).filter((a) => a.type === 'c2_beaconing');
      expect(c2.some((a) => a.observed_destinations.includes('10.0.5.14'))).toBe(true);
    } finally {
      engine.close();
    }
  });

  it.skipIf(!TEST18)('detects the RemcosRAT beaconing of Slips test18 (192.168.1.107 → 66.63.168.35:5888)', async () => {
    const engine = openEngine();
    try {
      await engine.ingest.ingestFile(TEST18!, { actor });
      const c2 = anomalies(engine).filter((a) => a.type === 'c2_beaconing');
      expect(c2.map((a) => [a.entity_id, a.observed_destinations])).toContainEqual(['192.168.1.107', ['66.63.168.35']]);
    } finally {
      engine.close();
    }
  });

  it.skipIf(!HORIZONTAL || !VERTICAL)('reports the Slips horizontal and vertical port scans', async () => {
    const engine = openEngine();
    try {
      await engine.ingest.ingestFile(HORIZONTAL!, { actor, timeBase: Date.UTC(2015, 10, 18, 16) });
      await engine.ingest.ingestFile(VERTICAL!, { actor });
      const scans = anomalies(engine).filter((a) => a.type === 'lateral_movement_attempt');
      expect(scans.map((a) => [a.entity_id, a.evidence.pattern]).sort()).toEqual([['10.0.2.112', 'horizontal_scan'], ['192.168.1.9', 'vertical_scan']]);
    } finally {
      engine.close();
    }
  });
});
