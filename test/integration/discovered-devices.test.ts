// Posture that does not hide risk, on the real OTRF LSASS campaign 01 Zeek logs: the Meterpreter host
// (192.168.1.41, beaconing to 10.0.5.13:8080) is absent from any inventory, so it must be registered as
// a discovered device with a posture in the high-risk band, counted in the fleet view, and keep its
// anomaly and incident when an inventory imported later claims its address.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src-main/engine/engine';
import { importInventoryFile } from '../../src-main/engine/inventory/import-inventory';
import { actor, openEngine, securityLogs, tempDir, unzip } from '../unit/ingest/helpers';

const LSASS_01 = join(securityLogs, 'otrf-security-datasets/compound/LSASS_campaign_01/metasploit_logonpasswords_lsass_memory_dump_zeek_logs.zip');
const HOST = '192.168.1.41';

async function ingestCampaign(engine: Engine): Promise<void> {
  const files = unzip(LSASS_01, tempDir());
  for (const name of ['dns.log', 'conn.log']) await engine.ingest.ingestFile(files.find((p) => p.endsWith(`/${name}`))!, { actor });
}

function inventoryFile(deviceId: string, ip: string): string {
  const file = join(tempDir(), 'inventory.json');
  writeFileSync(file, JSON.stringify({ devices: [{ device_id: deviceId, device_type: 'workstation', ip_addresses: [ip], trust_level: 'verified', enrolled_at: '2019-01-01T00:00:00Z' }] }));
  return file;
}

describe('discovered devices on the OTRF LSASS campaign 01 capture', () => {
  it('registers the Meterpreter host as a discovered device in the high-risk band, listed and counted in the fleet view', async () => {
    const engine = openEngine();
    try {
      await ingestCampaign(engine);
      const device = engine.inventory.getDevice(HOST);
      expect(device).toMatchObject({ device_id: HOST, discovered: true, ip_addresses: [HOST] });
      const listed = engine.inventory.listDevices({ limit: 100, offset: 0, discovered: true });
      expect(listed.devices.map((d) => d.device_id)).toContain(HOST);

      const posture = engine.posture.device(HOST);
      expect(posture.band).toBe('high_risk');
      expect(posture.score).toBeLessThanOrEqual(40);
      expect(posture.score_cap).toMatchObject({ factor: 'c2_beaconing' });

      const fleet = engine.posture.fleet();
      expect(fleet.device_count).toBe(listed.total);
      expect(fleet.devices_at_risk).toContainEqual({ device_id: HOST, risk: 'high', reason: 'c2_beaconing' });
      expect(fleet.band_counts.high_risk).toBeGreaterThanOrEqual(1);
      expect(fleet.band_counts.high_risk + fleet.band_counts.moderate + fleet.band_counts.healthy).toBe(fleet.entities_assessed);
      expect(fleet.discovered_devices).toBe(listed.total);
      expect(fleet.active_incidents).toBeGreaterThanOrEqual(1);
      expect(fleet.incidents.some((i) => i.entities.includes(HOST) && i.severity === 'high')).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('an inventory imported afterwards merges the discovered device and re-attaches its anomaly and incident by address', async () => {
    const engine = openEngine();
    try {
      await ingestCampaign(engine);
      const incident = engine.incidents.list().incidents.find((i) => i.entities.some((e) => e.entity_id === HOST))!;
      expect(incident).toBeDefined();
      const result = importInventoryFile(engine, inventoryFile('ws-finance-07', HOST), { actor });
      expect(result.devices).toBe(1);

      expect(engine.inventory.getDevice(HOST)).toBeUndefined();
      expect(engine.inventory.getDevice('ws-finance-07')).toMatchObject({ discovered: false, ip_addresses: [HOST] });
      const c2 = engine.anomalies.list({ status: 'all', limit: 100 }).anomalies.filter((a) => a.type === 'c2_beaconing');
      expect(c2.map((a) => a.entity_id)).toEqual(['ws-finance-07']);
      expect(engine.incidents.get(incident.id).entities.map((e) => e.entity_id)).toContain('ws-finance-07');
      expect(engine.incidents.get(incident.id).entities.map((e) => e.entity_id)).not.toContain(HOST);

      const posture = engine.posture.device('ws-finance-07');
      expect(posture.band).toBe('high_risk');
      expect(posture.open_anomalies).toBe(1);
      expect(() => engine.posture.device(HOST)).toThrow(/not found|unknown/i);
    } finally {
      engine.close();
    }
  });

  it('a workload that claims the address takes the discovered device\'s anomaly too', async () => {
    const engine = openEngine();
    try {
      await ingestCampaign(engine);
      const file = join(tempDir(), 'workloads.json');
      writeFileSync(file, JSON.stringify({ workloads: [{ workload_id: 'vm-jump-01', kind: 'vm', ip_addresses: [HOST] }] }));
      const result = importInventoryFile(engine, file, { actor });
      expect(result.merged).toMatchObject([{ discovered: HOST, into: 'vm-jump-01', into_type: 'workload', anomalies: 1 }]);
      const c2 = engine.anomalies.list({ status: 'all', limit: 100 }).anomalies.filter((a) => a.type === 'c2_beaconing');
      expect(c2.map((a) => [a.entity_type, a.entity_id])).toEqual([['workload', 'vm-jump-01']]);
      expect(engine.posture.workload('vm-jump-01').band).toBe('high_risk');
      expect(engine.inventory.getDevice(HOST)).toBeUndefined();
    } finally {
      engine.close();
    }
  });

  it('with the inventory imported first, the same active C2 channel puts the managed device in the high-risk band', async () => {
    const engine = openEngine();
    try {
      importInventoryFile(engine, inventoryFile('ws-finance-07', HOST), { actor });
      await ingestCampaign(engine);
      expect(engine.inventory.getDevice(HOST)).toBeUndefined();
      const posture = engine.posture.device('ws-finance-07');
      expect(posture.band).toBe('high_risk');
    } finally {
      engine.close();
    }
  });
});
